import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '../trpc';
import { DOMAIN_LABELS, formatSeconds, optionsWithBlank, TYPE_LABELS } from './labels';
import { QuestionForm } from './question-form';
import { QuestionTransfer } from './question-transfer';
import type { Domain, Question, QuestionFilter, QuestionType } from './types';
import { useEditing } from './hooks';
import { CheckboxField, DataTable, NewButton, Panel, SearchField, SelectField } from './ui';

/** The question bank: filter, edit, import and export. */
export function QuestionsTab({ token }: { token: string }) {
  const trpc = useTRPC();
  const [domain, setDomain] = useState<Domain | ''>('');
  const [type, setType] = useState<QuestionType | ''>('');
  const [search, setSearch] = useState('');
  const [includeArchived, setIncludeArchived] = useState(false);
  const editing = useEditing<Question>();
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
          actions={<NewButton onClick={editing.startNew}>New question</NewButton>}
        >
          <div className="filters" role="search" aria-label="Filter questions">
            <SelectField<Domain | ''>
              label="Domain"
              value={domain}
              onChange={setDomain}
              options={optionsWithBlank('All domains', DOMAIN_LABELS)}
            />
            <SelectField<QuestionType | ''>
              label="Type"
              value={type}
              onChange={setType}
              options={optionsWithBlank('All types', TYPE_LABELS)}
            />
            <SearchField label="Search the wording" value={search} onChange={setSearch} />
            <CheckboxField
              label="Show archived"
              checked={includeArchived}
              onChange={setIncludeArchived}
            />
          </div>
          <DataTable
            query={list}
            emptyText="No questions match these filters."
            columns={['Question', 'Domain', 'Type', 'Reading / answer']}
            summary={(rows) => (
              <p className="muted count">
                {rows.length} question{rows.length === 1 ? '' : 's'}
              </p>
            )}
          >
            {(rows) =>
              rows.map((q) => (
                <tr key={q.id} aria-selected={editing.isEditing(q.id)}>
                  <td className="prompt-cell">
                    {q.prompt}
                    <span className="tags">
                      {q.archived && <span className="badge muted-badge">Archived</span>}
                      {q.used && <span className="badge">Answered</span>}
                      {/* Accepted from a proposed draft, not written by hand. */}
                      {q.generatedBy && (
                        <span className="badge generated-badge">
                          Generated · {q.generatedBy === 'gemini' ? 'Gemini' : 'offline'}
                        </span>
                      )}
                      {/* Made before rubrics, or imported without one: a person scores it. */}
                      {q.type !== 'mcq' && !q.rubric && (
                        <span className="badge muted-badge">No rubric</span>
                      )}
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
                    <button type="button" onClick={() => editing.edit(q)}>
                      {q.used || q.archived ? 'Open' : 'Edit'}
                      <span className="visually-hidden"> question {q.id}</span>
                    </button>
                  </td>
                </tr>
              ))
            }
          </DataTable>
        </Panel>
      </div>
      <div className="stack-gap">
        {editing.open && (
          <QuestionForm
            key={editing.key}
            token={token}
            question={editing.item}
            defaults={{ domain: domain || 'fullstack', type: type || 'mcq' }}
            onDone={editing.close}
          />
        )}
        <QuestionTransfer token={token} filter={filter} />
      </div>
    </div>
  );
}
