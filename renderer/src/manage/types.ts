import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '../../../electron/api/router';

type Outputs = inferRouterOutputs<AppRouter>['manage'];
type ScreeningOutputs = inferRouterOutputs<AppRouter>['screening'];
type Inputs = inferRouterInputs<AppRouter>['manage'];

export type Job = Outputs['listJobs'][number];
export type JobInput = Inputs['createJob']['job'];
export type Question = Outputs['listQuestions'][number];
export type QuestionInput = Inputs['createQuestion']['question'];
export type QuestionFilter = NonNullable<Inputs['listQuestions']['filter']>;
export type ImportResult = Outputs['importQuestions'];
export type Questionnaire = Outputs['listQuestionnaires'][number];
export type QuestionnaireDetail = Outputs['getQuestionnaire'];
export type QuestionnaireInput = Inputs['createQuestionnaire']['questionnaire'];
export type Candidate = Outputs['listCandidates'][number];
export type Interview = Outputs['listInterviews'][number];
export type InterviewStatus = Interview['status'];
export type Invitation = Outputs['invitation'];
export type StaffAccount = Outputs['listStaff'][number];
export type StaffAccountInput = Inputs['createStaff']['account'];
export type Domain = Question['domain'];
export type QuestionType = Question['type'];
export type DraftsList = ScreeningOutputs['questionDrafts'];
export type QuestionDraftItem = DraftsList['drafts'][number];
