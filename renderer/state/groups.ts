import { create } from 'zustand';
import type { Group, GroupDetail } from '../../main/contract/index.js';
import { describeError } from '../api/api-error.js';
import type { ApiClient } from '../api/client.js';

export type GroupSort = 'lastSeen' | 'count' | 'firstSeen';
export const GROUP_SORTS: Record<GroupSort, string> = {
  lastSeen: 'Last seen',
  count: 'Count',
  firstSeen: 'First seen',
};

type Status = 'idle' | 'loading' | 'ready' | 'error';

export interface GroupDetailState {
  id: string | null;
  status: Status;
  group: GroupDetail | null;
  similar: { group: Group; similarity: number }[];
  /** The floor the server applied to `similar`. */
  minSimilarity: number;
  error: string | null;
}

export interface GroupsState {
  status: Status;
  items: Group[];
  error: string | null;
  sort: GroupSort;
  /** Only this site's groups (the Dashboard's `?site=`); null: every site's. */
  siteId: string | null;
  detail: GroupDetailState;
  load(sort?: GroupSort): Promise<void>;
  refresh(): Promise<void>;
  /** Shows one site's groups only (null: every site's) and loads them. */
  showSite(siteId: string | null): Promise<void>;
  loadDetail(id: string): Promise<void>;
  split(groupId: string, templateId: string): Promise<Group>;
  /** One group per value at a word of a template: the first is the group split, then the new ones. */
  splitByPosition(groupId: string, templateId: string, position: number): Promise<Group[]>;
  merge(targetId: string, sourceIds: string[]): Promise<Group>;
  /** A group's template ids (what splitting undoes a merge of it by). */
  templatesOf(id: string): Promise<string[]>;
  tag(id: string, change: { add?: string[]; remove?: string[] }): Promise<void>;
  watch(): () => void;
  reset(): void;
}

const NO_DETAIL: GroupDetailState = {
  id: null,
  status: 'idle',
  group: null,
  similar: [],
  minSimilarity: 0,
  error: null,
};

export function createGroupsStore(api: () => Pick<ApiClient, 'call' | 'subscribe'>) {
  let listGen = 0;
  let detailGen = 0;

  return create<GroupsState>()((set, get) => {
    async function fetchList(showLoading: boolean) {
      const mine = ++listGen;
      if (showLoading) set({ status: 'loading', error: null });
      try {
        const { sort, siteId } = get();
        const page = await api().call('groups.list', { sort, limit: 200, ...(siteId ? { siteId } : {}) });
        if (mine === listGen) set({ status: 'ready', items: page.items, error: null });
      } catch (err) {
        if (mine === listGen && (showLoading || get().status !== 'ready')) {
          set({ status: 'error', error: describeError(err) });
        }
      }
    }

    async function fetchDetail(id: string, showLoading: boolean) {
      const mine = ++detailGen;
      if (showLoading) set({ detail: { ...NO_DETAIL, id, status: 'loading' } });
      try {
        const [group, similar] = await Promise.all([
          api().call('groups.get', { id }),
          api()
            .call('groups.similar', { id, limit: 10 })
            .catch(() => ({ items: [], minSimilarity: 0 })),
        ]);
        if (mine === detailGen) {
          set({
            detail: {
              id,
              status: 'ready',
              group,
              similar: similar.items.filter((s) => s.group.id !== id),
              minSimilarity: similar.minSimilarity,
              error: null,
            },
          });
        }
      } catch (err) {
        if (mine === detailGen && (showLoading || get().detail.status !== 'ready')) {
          set({ detail: { ...NO_DETAIL, id, status: 'error', error: describeError(err) } });
        }
      }
    }

    async function afterChange() {
      const id = get().detail.id;
      await Promise.all([fetchList(false), id ? fetchDetail(id, false) : Promise.resolve()]);
    }

    return {
      status: 'idle',
      items: [],
      error: null,
      sort: 'lastSeen',
      siteId: null,
      detail: NO_DETAIL,

      load(sort) {
        if (sort) set({ sort });
        return fetchList(true);
      },
      refresh: () => fetchList(false),
      showSite(siteId) {
        set({ siteId });
        return fetchList(true);
      },
      loadDetail: (id) => fetchDetail(id, true),

      async split(groupId, templateId) {
        const group = await api().call('groups.split', { groupId, templateId });
        await afterChange();
        return group;
      },

      async splitByPosition(groupId, templateId, position) {
        const { items } = await api().call('groups.splitByPosition', { groupId, templateId, position });
        await afterChange();
        return items;
      },

      async merge(targetId, sourceIds) {
        const group = await api().call('groups.merge', { targetId, sourceIds });
        await afterChange();
        return group;
      },

      async templatesOf(id) {
        const group = await api().call('groups.get', { id });
        return group.templates.map((t) => t.templateId);
      },

      async tag(id, change) {
        await api().call('groups.tag', { id, ...change });
        await afterChange();
      },

      watch() {
        let timer: ReturnType<typeof setTimeout> | null = null;
        // A busy site changes groups many times a second; one refresh a second is plenty for a table.
        const stop = api().subscribe('groups.changed', () => {
          timer ??= setTimeout(() => {
            timer = null;
            void afterChange();
          }, 1000);
        });
        return () => {
          stop();
          if (timer) clearTimeout(timer);
        };
      },

      reset() {
        listGen++;
        detailGen++;
        set({ status: 'idle', items: [], error: null, siteId: null, detail: NO_DETAIL });
      },
    };
  });
}

export type GroupsStore = ReturnType<typeof createGroupsStore>;
