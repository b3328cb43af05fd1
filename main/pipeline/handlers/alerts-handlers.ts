import { OutpostError, type Alert, type alertsMethods, type CreateAlertRuleInput } from '../../contract/index.js';
import { scopeOf, sessionOf, type HandlerTable } from '../../core/slice-kit/index.js';
import type { PipelineHandlerDeps } from './handler-deps.js';

const ruleNotFound = (id: string) =>
  new OutpostError('not_found', `There is no alert rule ${id}. Check the id with alertRules.list.`);

/** An acknowledge or resolve changes an existing alert: never a new one. */
const alertChanged = (alert: Alert) => ({
  alertId: alert.id,
  state: alert.state,
  title: alert.title,
  severity: alert.severity,
  created: false,
  siteId: alert.siteId,
});

export function alertsHandlers({ store, bus, pipeline, now }: PipelineHandlerDeps) {
  return {
    'alerts.list': (input, ctx) => store.alerts.list(scopeOf(ctx), input),
    'alerts.acknowledge': (input, ctx) => {
      const scope = scopeOf(ctx);
      const alert = store.alerts.acknowledge(scope, input.id, sessionOf(ctx).email, now());
      bus.publish(scope.tenantId, 'alerts.changed', alertChanged(alert));
      return alert;
    },
    'alerts.resolve': (input, ctx) => {
      const scope = scopeOf(ctx);
      const alert = store.alerts.resolve(scope, input.id, sessionOf(ctx).email, input.note ?? null, now());
      bus.publish(scope.tenantId, 'alerts.changed', alertChanged(alert));
      return alert;
    },
    'alertRules.list': (_input, ctx) => ({ items: store.alertRules.list(scopeOf(ctx)) }),
    'alertRules.create': (input, ctx) => {
      const scope = scopeOf(ctx);
      const rule = store.alertRules.create(scope, input);
      pipeline.pipeline.rulesChanged(scope.tenantId);
      return rule;
    },
    'alertRules.update': (input, ctx) => {
      const scope = scopeOf(ctx);
      const current = store.alertRules.get(scope, input.id);
      if (!current) throw ruleNotFound(input.id);
      const { id: _id, createdAt: _c, updatedAt: _u, ...kept } = current;
      const { id, ...patch } = input;
      // Without `type` only the common fields change; with it, the old condition's fields are dropped.
      const merged: Record<string, unknown> = { ...kept, ...stripUndefined(patch) };
      if ('type' in patch && patch.type !== undefined) {
        for (const key of ['atLeast', 'minScore', 'device', 'minutes']) if (!(key in patch)) delete merged[key];
      }
      const rule = store.alertRules.replace(scope, id, merged as CreateAlertRuleInput);
      if (!rule) throw ruleNotFound(id);
      pipeline.pipeline.rulesChanged(scope.tenantId);
      return rule;
    },
    'alertRules.delete': (input, ctx) => {
      const scope = scopeOf(ctx);
      if (!store.alertRules.delete(scope, input.id)) throw ruleNotFound(input.id);
      pipeline.pipeline.rulesChanged(scope.tenantId);
      return { ok: true as const };
    },
  } satisfies Pick<HandlerTable, keyof typeof alertsMethods>;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
