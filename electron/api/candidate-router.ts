import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import type { DeviceSnapshot } from '../capture/device-feed';
import type { CandidateNotice } from '../domain/notice-board';
import type { SessionView } from '../domain/session-view';
import { RACE_ETHNICITY_CATEGORIES, SEX_CATEGORIES } from '../../shared/self-identification';
import { id, token } from '../core/fields';
import { biometricReleased } from '../domain/consent';
import { listen } from './listen';
import { staffAccess } from './staff-procedures';
import { attemptSource, router, stationProcedure } from './trpc';

const position = z.number().int().min(0).max(999);

/** An access code as typed: dashes and spaces are allowed, case is not significant. */
const accessCode = z
  .string()
  .trim()
  .min(4, 'Enter the code printed on your invitation.')
  .max(20)
  .regex(/^[A-Za-z0-9 -]*$/, 'Codes contain only letters, digits and dashes.');

/** Candidate calls carry the token check-in handed out; it names their interview. */
const candidateProcedure = stationProcedure
  .input(z.object({ token }))
  .use(({ ctx, input, next }) => {
    const grant = ctx.services.tokens.find(input.token, ctx.services.clock.now());
    if (!grant) {
      throw new TRPCError({
        code: 'UNAUTHORIZED',
        message: 'Your check-in has ended. Please enter your interview code again.',
      });
    }
    return next({ ctx: { grant } });
  });

const sessionProcedure = candidateProcedure.use(({ ctx, next }) => {
  const sessionId = ctx.grant.sessionId;
  if (sessionId === null) {
    throw new TRPCError({
      code: 'PRECONDITION_FAILED',
      message: 'The interview has not started yet.',
    });
  }
  return next({ ctx: { sessionId } });
});

export const candidateRouter = router({
  checkIn: stationProcedure
    .input(z.object({ code: accessCode }))
    .mutation(({ ctx, input }) =>
      ctx.services.candidateDesk.checkIn(input.code, attemptSource(ctx.caller)),
    ),

  consent: candidateProcedure
    .input(
      z.object({
        noticeVersion: z.string().min(1).max(40),
        recording: z.boolean(),
        signals: z.boolean(),
        aiScoring: z.boolean().optional(),
        /** "I do not agree", which declines even a notice that asks no choice. */
        declined: z.boolean().optional(),
        /** The separate biometric release, when the notice had one. */
        biometric: z.object({ version: z.string().min(1).max(40), given: z.boolean() }).optional(),
      }),
    )
    .mutation(({ ctx, input }) => {
      const { token: _token, ...decision } = input;
      return ctx.services.candidateDesk.consent(ctx.grant.interviewId, decision);
    }),

  /**
   * The optional self-identification for the bias report; the token names the interview. A
   * question left unanswered is null; skipping the whole step sends nothing.
   */
  selfIdentify: candidateProcedure
    .input(
      z.object({
        sex: z.enum(SEX_CATEGORIES).nullable(),
        raceEthnicity: z.enum(RACE_ETHNICITY_CATEGORIES).nullable(),
      }),
    )
    .mutation(({ ctx, input }) =>
      ctx.services.candidateDesk.selfIdentify(ctx.grant.interviewId, {
        sex: input.sex,
        raceEthnicity: input.raceEthnicity,
      }),
    ),

  start: candidateProcedure.mutation(({ ctx, input }) =>
    ctx.services.candidateDesk.start(input.token, ctx.grant.interviewId),
  ),

  /**
   * Continues an interrupted session, or hands a running one to a reloaded page, for whoever
   * proves it is theirs: the candidate's access code, or a staff member's sign-in.
   */
  resume: stationProcedure
    .input(
      z.object({
        sessionId: id,
        proof: z.union([z.object({ code: accessCode }), z.object({ staffToken: token })]),
      }),
    )
    .mutation(({ ctx, input }) => {
      const { proof } = input;
      if ('code' in proof) {
        return ctx.services.candidateDesk.resume(
          input.sessionId,
          { code: proof.code },
          attemptSource(ctx.caller),
        );
      }
      const access = staffAccess(ctx.services, proof.staffToken);
      if (access.kind !== 'staff' || access.staff.mustChangePassword) {
        throw new TRPCError({
          code: 'UNAUTHORIZED',
          message: 'A staff sign-in is needed to continue this interview for the candidate.',
        });
      }
      return ctx.services.candidateDesk.resume(
        input.sessionId,
        { staff: access.staff },
        attemptSource(ctx.caller),
      );
    }),

  session: sessionProcedure.query(({ ctx }) => ctx.services.sessions.view(ctx.sessionId)),

  watch: sessionProcedure.subscription(async function* ({ ctx, signal }) {
    const { sessions } = ctx.services;
    const id = ctx.sessionId;
    // Subscribe before reading the current view, so no transition can fall in between.
    const views = listen<SessionView>((push) => {
      const unsubscribe = sessions.subscribe(id, push);
      push(sessions.view(id));
      return unsubscribe;
    }, signal);
    for await (const view of views) {
      yield view;
      if (view.status === 'completed') return;
    }
  }),

  /**
   * Opens the camera preview, microphone meter and sentence test before the interview, and
   * calibrates the candidate's neutral pose when they signed the biometric release.
   */
  checkDevices: candidateProcedure.mutation(async ({ ctx }) => {
    const devices = ctx.services.devices;
    if (!devices) return { available: false };
    // Calibration measures face geometry: only for a candidate who signed the release.
    await devices.check.start({
      calibrate: biometricReleased(ctx.services.db, ctx.grant.interviewId),
    });
    return { available: true };
  }),

  /** The station's devices as the candidate may see them: preview, level, speech heard. */
  devices: candidateProcedure.subscription(async function* ({ ctx, signal }) {
    const feed = ctx.services.devices?.feed;
    if (!feed) return;
    yield* listen<DeviceSnapshot>((push) => {
      const unsubscribe = feed.subscribe(push);
      push(feed.current());
      return unsubscribe;
    }, signal);
  }),

  /** Gentle notices for the candidate ("we can't see your face"), as they change. */
  notices: sessionProcedure.subscription(async function* ({ ctx, signal }) {
    const { notices } = ctx.services;
    const id = ctx.sessionId;
    yield* listen<CandidateNotice>((push) => {
      const unsubscribe = notices.subscribe(id, push);
      push(notices.current(id));
      return unsubscribe;
    }, signal);
  }),

  beginAnswering: sessionProcedure
    .input(z.object({ position }))
    .mutation(({ ctx, input }) =>
      ctx.services.sessions.beginAnswering(ctx.sessionId, input.position),
    ),

  saveDraft: sessionProcedure
    .input(
      z
        .object({
          position,
          text: z.string().max(20_000, 'Answers are limited to 20,000 characters.').optional(),
          choice: z.number().int().min(0).max(9).optional(),
        })
        .refine((draft) => (draft.text === undefined) !== (draft.choice === undefined), {
          message: 'Send either text or a choice.',
        }),
    )
    .mutation(({ ctx, input }) => {
      const { position: at, text, choice } = input;
      return ctx.services.candidateDesk.saveDraft(
        ctx.sessionId,
        at,
        text !== undefined ? { text } : { choice },
      );
    }),

  submit: sessionProcedure
    .input(z.object({ position }))
    .mutation(({ ctx, input }) => ctx.services.sessions.submit(ctx.sessionId, input.position)),

  /**
   * The candidate withdraws consent mid-interview: recording and signals stop, the session
   * ends, and the answers so far are kept for the application or marked for deletion.
   */
  withdraw: sessionProcedure
    .input(z.object({ keepAnswers: z.boolean() }))
    .mutation(({ ctx, input }) =>
      ctx.services.candidateDesk.withdraw(ctx.sessionId, ctx.grant.interviewId, {
        keepAnswers: input.keepAnswers,
      }),
    ),

  /** Records the current audio or video answer again, if the questionnaire allows it. */
  retake: sessionProcedure
    .input(z.object({ position }))
    .mutation(({ ctx, input }) => ctx.services.sessions.retake(ctx.sessionId, input.position)),
});
