import { useState } from 'react';
import type { GroupDetail, GroupTemplateDetail } from '../../../main/contract/index.js';
import { templateLine } from '../template-parts.js';
import { TemplateText } from '../TemplateText.js';
import { formatDateTime } from '../time-format.js';
import { SplitByWordDialog } from './SplitByWordDialog.js';

type SplittableTemplate = GroupTemplateDetail & { tokens: string[] };

/**
 * A group's templates and how each joined it, with the two ways to take a group apart: a template
 * that joined by likeness is split out, and any template the miner still knows is split by a word.
 */
export function GroupTemplatesTable({
  group,
  mayEdit,
  onSplitOut,
  onSplitByWord,
}: {
  group: GroupDetail;
  mayEdit: boolean;
  onSplitOut: (template: GroupTemplateDetail) => void;
  /** Rejects with the server's error, which the dialog shows; resolves once the split is done. */
  onSplitByWord: (template: GroupTemplateDetail, position: number) => Promise<void>;
}) {
  const [splitting, setSplitting] = useState<SplittableTemplate | null>(null);
  return (
    <section aria-labelledby="templates-heading" className="panel">
      <h2 id="templates-heading">Templates</h2>
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">Templates of this group</caption>
          <thead>
            <tr>
              <th scope="col">Template</th>
              <th scope="col">Joined by</th>
              <th scope="col">Similarity</th>
              <th scope="col">Joined</th>
              {mayEdit && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {group.templates.map((t) => (
              <tr key={t.templateId}>
                <td className="mono template-cell">
                  <TemplateText template={t.template} />
                </td>
                <td>{t.joinedBy === 'similarity' ? 'Similarity (nearest neighbour)' : 'Same template'}</td>
                <td>{t.similarity === null ? <span className="muted">—</span> : t.similarity.toFixed(3)}</td>
                <td>{formatDateTime(t.joinedAt)}</td>
                {mayEdit && (
                  <td>
                    <div className="row-actions">
                      {t.joinedBy === 'similarity' && (
                        <button
                          type="button"
                          className="button button-secondary"
                          aria-label={`Split out ${templateLine(t.template)}`}
                          onClick={() => onSplitOut(t)}
                        >
                          Split out
                        </button>
                      )}
                      {t.tokens && t.tokens.length > 0 && (
                        <button
                          type="button"
                          className="button button-secondary"
                          aria-label={`Split by word: ${templateLine(t.template)}`}
                          onClick={() => setSplitting({ ...t, tokens: t.tokens ?? [] })}
                        >
                          Split by word
                        </button>
                      )}
                    </div>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {splitting && (
        <SplitByWordDialog
          template={splitting}
          onClose={() => setSplitting(null)}
          onSplit={async (position) => {
            await onSplitByWord(splitting, position);
            setSplitting(null);
          }}
        />
      )}
    </section>
  );
}
