import { useEffect, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { can } from '../api/access.js';
import { describeError } from '../api/api-error.js';
import { LoadState } from '../components/LoadState.js';
import { PageTitle } from '../components/PageTitle.js';
import { SeverityBadge } from '../components/SeverityBadge.js';
import { templateLine } from '../components/template-parts.js';
import { TemplateText } from '../components/TemplateText.js';
import { Sparkline } from '../components/Sparkline.js';
import { formatCount, formatDateTime } from '../components/time-format.js';
import { useGroups, useSession } from '../state/app-state.js';
import { GroupTemplatesTable } from '../components/groups/GroupTemplatesTable.js';
import type { GroupTemplateDetail } from '../../main/contract/index.js';

/** What the last step can be undone by (a merge by splitting again, a split by merging again). */
interface Undo {
  label: string;
  run: () => Promise<unknown>;
  done: string;
}

/** One group: how its templates joined (and undoing a join), splitting by a word, similar groups to merge, tags. */
export function GroupDetailPage() {
  const { id = '' } = useParams();
  const role = useSession((s) => s.user?.role);
  const detail = useGroups((s) => s.detail);
  const { loadDetail, split, splitByPosition, merge, tag, watch, templatesOf } = useGroups();
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const [confirmMerge, setConfirmMerge] = useState<string | null>(null);
  const [undo, setUndo] = useState<Undo | null>(null);
  const [newTag, setNewTag] = useState('');
  const mayEdit = can(role, 'groups.merge');

  useEffect(() => {
    void useGroups.getState().loadDetail(id);
    return watch();
  }, [id, watch]);

  async function act(action: () => Promise<unknown>, success: string) {
    setMessage(null);
    setUndo(null);
    try {
      await action();
      setMessage({ error: false, text: success });
    } catch (err) {
      setMessage({ error: true, text: describeError(err) });
    }
  }

  /** A merge is undone by splitting the merged group's templates out again (each founds a group). */
  async function mergeWithUndo(otherId: string, title: string) {
    setMessage(null);
    setUndo(null);
    try {
      const templateIds = await templatesOf(otherId);
      await merge(id, [otherId]);
      setMessage({ error: false, text: `Merged “${title}” into this group.` });
      setUndo({
        label: 'Undo the merge',
        run: async () => {
          for (const templateId of templateIds) await split(id, templateId);
        },
        done: `Undone: “${title}” is a group of its own again.`,
      });
    } catch (err) {
      setMessage({ error: true, text: describeError(err) });
    }
  }

  /** Errors go back to the dialog, which stays open to show them. */
  async function splitByWord(template: GroupTemplateDetail, position: number) {
    setMessage(null);
    setUndo(null);
    const [kept, ...created] = await splitByPosition(id, template.templateId, position);
    if (created.length === 0) {
      setMessage({
        error: false,
        text: 'Every event so far has the same value there; later values get groups of their own.',
      });
      return;
    }
    setMessage({
      error: false,
      text: `Split into ${created.length + 1} groups, one per value at word ${position + 1}; later values get groups of their own.`,
    });
    setUndo({
      label: 'Undo the split',
      run: async () => {
        // groups.merge takes at most 100 groups at a time; a split can make up to 1,000.
        const ids = created.map((g) => g.id);
        for (let i = 0; i < ids.length; i += 100) await merge(kept!.id, ids.slice(i, i + 100));
      },
      done: 'Undone: the values are one group again.',
    });
  }

  async function runUndo() {
    if (!undo) return;
    const { run, done } = undo;
    await act(run, done);
  }

  function onAddTag(e: FormEvent) {
    e.preventDefault();
    const value = newTag.trim();
    if (!value) return;
    void act(() => tag(id, { add: [value] }), `Added the tag “${value}”.`).then(() => setNewTag(''));
  }

  const group = detail.id === id ? detail.group : null;
  return (
    <>
      <p className="eyebrow">
        <Link to="/dashboard">Dashboard</Link> › Group
      </p>
      <PageTitle documentTitle="Group · Dashboard">Group</PageTitle>
      <LoadState
        status={detail.id === id ? detail.status : 'loading'}
        error={detail.error}
        loading="Loading the group…"
        isEmpty={!group}
        empty={<p>This group does not exist.</p>}
        onRetry={() => void loadDetail(id)}
      >
        {group && (
          <>
            <p className="mono group-template">
              <TemplateText template={group.template} />
            </p>
            {group.mergedInto && (
              <p className="message">
                This group was merged into <Link to={`/dashboard/groups/${group.mergedInto}`}>another group</Link>; its
                events count there.
              </p>
            )}
            {message && (
              <div
                role={message.error ? 'alert' : 'status'}
                className={`message${message.error ? ' message-error' : ' message-success'}`}
              >
                <p>{message.text}</p>
                {undo && !message.error && (
                  <button type="button" className="button button-secondary" onClick={() => void runUndo()}>
                    {undo.label}
                  </button>
                )}
              </div>
            )}
            <dl className="facts">
              <dt>Severity</dt>
              <dd>
                <SeverityBadge severity={group.severity} />
              </dd>
              <dt>Events</dt>
              <dd>{formatCount(group.count)}</dd>
              <dt>First seen</dt>
              <dd>{formatDateTime(group.firstSeen)}</dd>
              <dt>Last seen</dt>
              <dd>{formatDateTime(group.lastSeen)}</dd>
              <dt>Last 60 minutes</dt>
              <dd>
                <Sparkline values={group.sparkline} />
              </dd>
              <dt>Category</dt>
              <dd>{group.category ?? <span className="muted">None</span>}</dd>
              <dt>Events</dt>
              <dd>
                <Link to={`/events?group=${encodeURIComponent(group.id)}`}>Open this group's events</Link>
              </dd>
            </dl>

            <section aria-labelledby="tags-heading" className="panel">
              <h2 id="tags-heading">Tags</h2>
              {group.tags.length === 0 ? (
                <p className="muted">No tags.</p>
              ) : (
                <ul className="tags">
                  {group.tags.map((t) => (
                    <li key={t} className="tag">
                      {t}
                      {mayEdit && (
                        <button
                          type="button"
                          className="tag-remove"
                          aria-label={`Remove tag ${t}`}
                          onClick={() => void act(() => tag(id, { remove: [t] }), `Removed the tag “${t}”.`)}
                        >
                          ×
                        </button>
                      )}
                    </li>
                  ))}
                </ul>
              )}
              {mayEdit && (
                <form className="inline-form" onSubmit={onAddTag}>
                  <div className="field">
                    <label htmlFor="new-tag">New tag</label>
                    <input id="new-tag" value={newTag} maxLength={64} onChange={(e) => setNewTag(e.target.value)} />
                  </div>
                  <button type="submit" className="button button-secondary">
                    Add tag
                  </button>
                </form>
              )}
            </section>

            <GroupTemplatesTable
              group={group}
              mayEdit={mayEdit}
              onSplitOut={(t) =>
                void act(() => split(id, t.templateId), 'Split the template out into a group of its own.')
              }
              onSplitByWord={splitByWord}
            />

            <section aria-labelledby="similar-heading" className="panel">
              <h2 id="similar-heading">Similar groups</h2>
              {detail.similar.length === 0 ? (
                <p className="muted">
                  No group of this site is at least {Math.round(detail.minSimilarity * 100)} % alike (the level below
                  which suggestions were mostly unrelated on labelled logs).
                </p>
              ) : (
                <ul className="similar-list">
                  {detail.similar.map(({ group: other, similarity }) => (
                    <li key={other.id} className="similar-item">
                      <div>
                        <Link to={`/dashboard/groups/${other.id}`} className="mono">
                          <TemplateText template={other.template} />
                        </Link>
                        <p className="muted">
                          {Math.round(similarity * 100)} % alike · {formatCount(other.count)} events
                        </p>
                      </div>
                      {mayEdit &&
                        (confirmMerge === other.id ? (
                          <div className="form-actions" role="group" aria-label="Confirm merge">
                            <p>
                              Merge “{templateLine(other.template)}” into this group? Its events will count here. You
                              can undo it right after.
                            </p>
                            <button
                              type="button"
                              className="button"
                              onClick={() => {
                                setConfirmMerge(null);
                                void mergeWithUndo(other.id, templateLine(other.template));
                              }}
                            >
                              Confirm merge
                            </button>
                            <button
                              type="button"
                              className="button button-secondary"
                              onClick={() => setConfirmMerge(null)}
                            >
                              Cancel
                            </button>
                          </div>
                        ) : (
                          <button
                            type="button"
                            className="button button-secondary"
                            onClick={() => setConfirmMerge(other.id)}
                          >
                            Merge into this group
                          </button>
                        ))}
                    </li>
                  ))}
                </ul>
              )}
            </section>
          </>
        )}
      </LoadState>
    </>
  );
}
