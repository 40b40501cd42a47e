import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it, expect } from 'vitest';
import { loadQuestionBank, questionBankSchema, type BankQuestion } from './question-bank';

const bankPath = fileURLToPath(new URL('../../resources/seed/question-bank.json', import.meta.url));

const LIMITS = {
  mcq: { reading: [10, 20], answer: [45, 90] },
  text: { reading: [20, 30], answer: [240, 480] },
  audio: { reading: [20, 30], answer: [90, 150] },
  video: { reading: [20, 40], answer: [120, 180] },
} as const;

function writeTemp(name: string, contents: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'question-bank-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, contents);
  return file;
}

const validMcq = {
  key: 'fullstack-mcq-1',
  domain: 'fullstack',
  type: 'mcq',
  prompt: 'Which one?',
  options: ['a', 'b', 'c', 'd'],
  correctOption: 0,
  readingSeconds: 15,
  answerSeconds: 60,
};

const validVideo = {
  key: 'cybersecurity-video-1',
  domain: 'cybersecurity',
  type: 'video',
  prompt: 'Walk us through it.',
  readingSeconds: 30,
  answerSeconds: 150,
  rubric: {
    criteria: [
      {
        name: 'Steps',
        weight: 1,
        keyPoints: [{ point: 'order' }],
        anchors: [{ level: 3, description: 'Some steps' }],
      },
      {
        name: 'Depth',
        weight: 1,
        keyPoints: [{ point: 'detail' }],
        anchors: [{ level: 5, description: 'Detailed' }],
      },
    ],
    modelAnswer: 'First this, then that.',
  },
};

function bankWith(...questions: object[]) {
  return { version: 1, questions };
}

describe('seeded question bank', () => {
  const bank = loadQuestionBank(bankPath);

  it('has 30 questions, 10 per domain, split 4 mcq / 3 video / 2 audio / 1 text', () => {
    expect(bank.questions).toHaveLength(30);
    for (const domain of ['ai_ml', 'fullstack', 'cybersecurity'] as const) {
      const inDomain = bank.questions.filter((q) => q.domain === domain);
      expect(inDomain, domain).toHaveLength(10);
      const counts = { mcq: 0, video: 0, audio: 0, text: 0 };
      for (const q of inDomain) counts[q.type] += 1;
      expect(counts, domain).toEqual({ mcq: 4, video: 3, audio: 2, text: 1 });
    }
  });

  it('gives every mcq 4 options and a correct index in range', () => {
    const mcqs = bank.questions.filter(
      (q): q is Extract<BankQuestion, { type: 'mcq' }> => q.type === 'mcq',
    );
    expect(mcqs).toHaveLength(12);
    for (const q of mcqs) {
      expect(q.options, q.key).toHaveLength(4);
      expect(q.correctOption, q.key).toBeGreaterThanOrEqual(0);
      expect(q.correctOption, q.key).toBeLessThan(q.options.length);
    }
    // A bank whose answer is always in the same slot can be gamed.
    expect(new Set(mcqs.map((q) => q.correctOption)).size).toBe(4);
  });

  it('keeps options and correctOption off non-mcq questions', () => {
    for (const q of bank.questions.filter((q) => q.type !== 'mcq')) {
      expect(q, q.key).not.toHaveProperty('options');
      expect(q, q.key).not.toHaveProperty('correctOption');
    }
  });

  it('has unique keys', () => {
    const keys = bank.questions.map((q) => q.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('keeps reading and answer limits within the agreed ranges', () => {
    for (const q of bank.questions) {
      const { reading, answer } = LIMITS[q.type];
      expect(q.readingSeconds, `${q.key} reading`).toBeGreaterThanOrEqual(reading[0]);
      expect(q.readingSeconds, `${q.key} reading`).toBeLessThanOrEqual(reading[1]);
      expect(q.answerSeconds, `${q.key} answer`).toBeGreaterThanOrEqual(answer[0]);
      expect(q.answerSeconds, `${q.key} answer`).toBeLessThanOrEqual(answer[1]);
    }
  });

  it('keeps prompts to plain text of at most 400 characters', () => {
    for (const q of bank.questions) {
      expect(q.prompt.length, q.key).toBeLessThanOrEqual(400);
      expect(q.prompt, q.key).not.toMatch(/[`*#]|\n/);
    }
  });
});

describe('loadQuestionBank', () => {
  it('throws an error naming the file when the JSON is broken', () => {
    const file = writeTemp('broken.json', '{ "version": 1, "questions": [');
    expect(() => loadQuestionBank(file)).toThrow(file);
    expect(() => loadQuestionBank(file)).toThrow(/not valid JSON/);
  });

  it('throws an error naming the file and the problem when the bank is invalid', () => {
    const file = writeTemp(
      'invalid.json',
      JSON.stringify(bankWith(validMcq, { ...validVideo, domain: 'marketing' })),
    );
    expect(() => loadQuestionBank(file)).toThrow(
      `Question bank ${file} is invalid: questions.1.domain:`,
    );
  });

  it('throws an error naming the file when it does not exist', () => {
    const file = path.join(os.tmpdir(), 'no-such-question-bank.json');
    expect(() => loadQuestionBank(file)).toThrow(file);
  });

  it('accepts a minimal valid bank', () => {
    const file = writeTemp('valid.json', JSON.stringify(bankWith(validMcq, validVideo)));
    expect(loadQuestionBank(file).questions).toHaveLength(2);
  });
});

describe('questionBankSchema', () => {
  it('rejects an mcq whose correctOption is out of range', () => {
    const file = writeTemp('mcq.json', JSON.stringify(bankWith({ ...validMcq, correctOption: 4 })));
    expect(() => loadQuestionBank(file)).toThrow(
      `Question bank ${file} is invalid: questions.0.correctOption:`,
    );
    const result = questionBankSchema.safeParse(bankWith({ ...validMcq, correctOption: 4 }));
    expect(result.success).toBe(false);
  });

  it('rejects a video question that has options', () => {
    const video = { ...validVideo, options: ['a', 'b', 'c', 'd'], correctOption: 1 };
    const file = writeTemp('video.json', JSON.stringify(bankWith(video)));
    expect(() => loadQuestionBank(file)).toThrow(
      `Question bank ${file} is invalid: questions.0: Unrecognized keys: "options", "correctOption"`,
    );
    expect(questionBankSchema.safeParse(bankWith(video)).success).toBe(false);
  });

  it('rejects an mcq with duplicate or empty options', () => {
    for (const options of [
      ['a', 'b', 'a', 'd'],
      ['a', '', 'c', 'd'],
      ['a', 'b', 'c'],
    ]) {
      expect(questionBankSchema.safeParse(bankWith({ ...validMcq, options })).success).toBe(false);
    }
  });

  it('rejects duplicate keys and keys that disagree with domain or type', () => {
    expect(questionBankSchema.safeParse(bankWith(validMcq, validMcq)).success).toBe(false);
    expect(
      questionBankSchema.safeParse(bankWith({ ...validMcq, key: 'ai-ml-mcq-1' })).success,
    ).toBe(false);
  });

  it('rejects non-integer or non-positive seconds', () => {
    for (const patch of [{ readingSeconds: 0 }, { answerSeconds: 12.5 }, { answerSeconds: -1 }]) {
      expect(questionBankSchema.safeParse(bankWith({ ...validVideo, ...patch })).success).toBe(
        false,
      );
    }
  });
});
