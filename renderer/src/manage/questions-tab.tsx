import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTRPC } from '../trpc';
import { DOMAIN_LABELS, DOMAINS, formatSeconds, QUESTION_TYPES, TYPE_LABELS } from './labels';
import { QuestionForm } from './question-form';
import { QuestionTransfer } from './question-transfer';
import type { Domain, Question, QuestionFilter, QuestionType } from './types';
import { CheckboxField, ListState, Panel, SelectField } from './ui';

/** The question bank: filter, edit, import and export. */
export function QuestionsTab({ token }: { token: string }) {
  const trpc = useTRPC();
  const [domain, setDomain] = useState<Domain | ''>('');
  const [type, setType] = useState<QuestionType | ''>('');
  const [search, setSearch] = useState('');
  const [includeArchived, setIncludeArchived] = useState(false);
  const [editing, setEditing] = useState<Question | 'new' | null>(null);
  const searchId = useId();
  const filter: QuestionFilter = {
    ...(domain ? { domain } : {}),
    ...(type ? { type } : {}),
    ...(search.trim() ? { search: search.trim() } : {}),
    includeArchived,
  };
  const list = useQuery(trpc.manage.listQuestions.queryOptions({ token, filter }));

  return (
    <div className="manage-grid">
      <div className="stack-gap">
        <Panel
          title="Question bank"
          actions={
            <button type="button" className="primary" onClick={() => setEditing('new')}>
              New question
            </button>
          }
        >
          <div className="filters" role="search" aria-label="Filter questions">
            <SelectField<Domain | ''>
              label="Domain"
              value={domain}
              onChange={setDomain}
              options={[
                { value: '', label: 'All domains' },
                ...DOMAINS.map((d) => ({ value: d, label: DOMAIN_LABELS[d] })),
              ]}
            />
            <SelectField<QuestionType | ''>
              label="Type"
              value={type}
              onChange={setType}
              options={[
                { value: '', label: 'All types' },
                ...QUESTION_TYPES.map((t) => ({ value: t, label: TYPE_LABELS[t] })),
              ]}
            />
            <div className="field grow">
              <label htmlFor={searchId}>Search the wording</label>
              <input
                id={searchId}
                type="search"
                value={search}
                onChange={(event) => setSearch(event.target.value)}
              />
            </div>
            <CheckboxField
              label="Show archived"
              checked={includeArchived}
              onChange={setIncludeArchived}
            />
          </div>
          <ListState
            loading={list.isPending}
            error={list.error}
            empty={list.data?.length === 0}
            emptyText="No questions match these filters."
          />
          {list.data && list.data.length > 0 && (
            <>
              <p className="muted count">
                {list.data.length} question{list.data.length === 1 ? '' : 's'}
              </p>
              <table className="data-table">
                <thead>
                  <tr>
                    <th scope="col">Question</th>
                    <th scope="col">Domain</th>
                    <th scope="col">Type</th>
                    <th scope="col">Reading / answer</th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {list.data.map((q) => (
                    <tr key={q.id} aria-selected={editing !== 'new' && editing?.id === q.id}>
                      <td className="prompt-cell">
                        {q.prompt}
                        <span className="tags">
                          {q.archived && <span className="badge muted-badge">Archived</span>}
                          {q.used && <span className="badge">Answered</span>}
                          {q.questionnaires.length > 0 && (
                            <span className="badge">
                              In {q.questionnaires.length} questionnaire
                              {q.questionnaires.length === 1 ? '' : 's'}
                            </span>
                          )}
                        </span>
                      </td>
                      <td>{DOMAIN_LABELS[q.domain]}</td>
                      <td>{TYPE_LABELS[q.type]}</td>
                      <td className="nowrap">
                        {formatSeconds(q.readingSeconds)} / {formatSeconds(q.answerSeconds)}
                      </td>
                      <td className="row-actions">
                        <button type="button" onClick={() => setEditing(q)}>
                          {q.used || q.archived ? 'Open' : 'Edit'}
                          <span className="visually-hidden"> question {q.id}</span>
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </Panel>
      </div>
      <div className="stack-gap">
        {editing && (
          <QuestionForm
            key={editing === 'new' ? 'new' : editing.id}
            token={token}
            question={editing === 'new' ? null : editing}
            defaults={{ domain: domain || 'fullstack', type: type || 'mcq' }}
            onDone={() => setEditing(null)}
          />
        )}
        <QuestionTransfer token={token} filter={filter} />
      </div>
    </div>
  );
}
