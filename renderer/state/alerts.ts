import { create } from 'zustand';
import type { Alert, AlertRule, AlertState, InputOf } from '../../main/contract/index.js';
import { describeError } from '../api/api-error.js';
import type { ApiClient } from '../api/client.js';

type Status = 'idle' | 'loading' | 'ready' | 'error';

export interface AlertsState {
  tab: AlertState;
  /** Only this site's alerts (the Dashboard's `?site=`, a hub's drill-down into one site); null: all. */
  siteId: string | null;
  status: Status;
  items: Alert[];
  error: string | null;
  rules: { status: Status; items: AlertRule[]; error: string | null };
  load(tab?: AlertState): Promise<void>;
  refresh(): Promise<void>;
  /** Shows one site's alerts only (null: every site's) and loads them. */
  showSite(siteId: string | null): Promise<void>;
  acknowledge(id: string): Promise<void>;
  resolve(id: string, note?: string): Promise<void>;
  loadRules(): Promise<void>;
  createRule(input: InputOf<'alertRules.create'>): Promise<AlertRule>;
  setRuleEnabled(id: string, enabled: boolean): Promise<void>;
  updateRule(input: InputOf<'alertRules.update'>): Promise<AlertRule>;
  deleteRule(id: string): Promise<void>;
  watch(): () => void;
  reset(): void;
}

/** An alert that changed state leaves the tab it was on. */
export function applyAlertChange(items: readonly Alert[], changed: Alert, tab: AlertState): Alert[] {
  const rest = items.filter((a) => a.id !== changed.id);
  return changed.state === tab ? [changed, ...rest].sort((a, b) => b.lastSeenAt - a.lastSeenAt) : rest;
}

export function createAlertsStore(api: () => Pick<ApiClient, 'call' | 'subscribe'>) {
  let generation = 0;
  let rulesGen = 0;

  return create<AlertsState>()((set, get) => {
    async function fetchAlerts(showLoading: boolean) {
      const mine = ++generation;
      const { tab, siteId } = get();
      if (showLoading) set({ status: 'loading', error: null, items: [] });
      try {
        const page = await api().call('alerts.list', { state: tab, limit: 200, ...(siteId ? { siteId } : {}) });
        if (mine === generation) set({ status: 'ready', items: page.items, error: null });
      } catch (err) {
        if (mine === generation && (showLoading || get().status !== 'ready')) {
          set({ status: 'error', error: describeError(err) });
        }
      }
    }

    return {
      tab: 'open',
      siteId: null,
      status: 'idle',
      items: [],
      error: null,
      rules: { status: 'idle', items: [], error: null },

      load(tab) {
        if (tab) set({ tab });
        return fetchAlerts(true);
      },
      refresh: () => fetchAlerts(false),
      showSite(siteId) {
        set({ siteId });
        return fetchAlerts(true);
      },

      async acknowledge(id) {
        const alert = await api().call('alerts.acknowledge', { id });
        set((s) => ({ items: applyAlertChange(s.items, alert, s.tab) }));
      },

      async resolve(id, note) {
        const trimmed = note?.trim();
        const alert = await api().call('alerts.resolve', trimmed ? { id, note: trimmed } : { id });
        set((s) => ({ items: applyAlertChange(s.items, alert, s.tab) }));
      },

      async loadRules() {
        const mine = ++rulesGen;
        set((s) => ({ rules: { ...s.rules, status: 'loading', error: null } }));
        try {
          const { items } = await api().call('alertRules.list', {});
          if (mine === rulesGen) set({ rules: { status: 'ready', items, error: null } });
        } catch (err) {
          if (mine === rulesGen) set({ rules: { status: 'error', items: [], error: describeError(err) } });
        }
      },

      async createRule(input) {
        const rule = await api().call('alertRules.create', input);
        set((s) => ({
          rules: { ...s.rules, items: [...s.rules.items, rule].sort((a, b) => a.name.localeCompare(b.name)) },
        }));
        return rule;
      },

      async setRuleEnabled(id, enabled) {
        const rule = await api().call('alertRules.update', { id, enabled });
        set((s) => ({ rules: { ...s.rules, items: s.rules.items.map((r) => (r.id === id ? rule : r)) } }));
      },

      async updateRule(input) {
        const rule = await api().call('alertRules.update', input);
        set((s) => ({
          rules: {
            ...s.rules,
            items: s.rules.items.map((r) => (r.id === rule.id ? rule : r)).sort((a, b) => a.name.localeCompare(b.name)),
          },
        }));
        return rule;
      },

      async deleteRule(id) {
        await api().call('alertRules.delete', { id });
        set((s) => ({ rules: { ...s.rules, items: s.rules.items.filter((r) => r.id !== id) } }));
      },

      watch() {
        let timer: ReturnType<typeof setTimeout> | null = null;
        const stop = api().subscribe('alerts.changed', () => {
          timer ??= setTimeout(() => {
            timer = null;
            void get().refresh();
          }, 300);
        });
        return () => {
          stop();
          if (timer) clearTimeout(timer);
        };
      },

      reset() {
        generation++;
        rulesGen++;
        set({
          tab: 'open',
          siteId: null,
          status: 'idle',
          items: [],
          error: null,
          rules: { status: 'idle', items: [], error: null },
        });
      },
    };
  });
}

export type AlertsStore = ReturnType<typeof createAlertsStore>;
