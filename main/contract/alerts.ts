import { z } from 'zod';
import { defineMethod } from './method.js';
import { SingleLine } from './text-rules.js';
import { Id, Millis, Ok } from './common.js';
import { Cursor, EventSeverity, PageLimit } from './events.js';

export const ALERT_STATES = ['open', 'acknowledged', 'resolved'] as const;
export const AlertState = z.enum(ALERT_STATES);
export type AlertState = z.infer<typeof AlertState>;

export const AlertSeverity = z.enum(['info', 'warning', 'critical']);
export type AlertSeverity = z.infer<typeof AlertSeverity>;

export const Alert = z.object({
  id: Id,
  siteId: Id,
  ruleId: Id,
  /** Alerts with the same key are one alert while it is open or acknowledged; repeats count occurrences. */
  dedupeKey: z.string(),
  state: AlertState,
  title: z.string(),
  detail: z.string(),
  severity: AlertSeverity,
  groupId: Id.nullable(),
  device: z.string().nullable(),
  occurrences: z.number().int().positive(),
  openedAt: Millis,
  lastSeenAt: Millis,
  acknowledgedAt: Millis.nullable(),
  acknowledgedBy: z.string().nullable(),
  resolvedAt: Millis.nullable(),
  resolvedBy: z.string().nullable(),
  note: z.string().nullable(),
});
export type Alert = z.infer<typeof Alert>;

export const ALERT_RULE_TYPES = ['new-group', 'spike', 'severity', 'device-silent'] as const;
export type AlertRuleType = (typeof ALERT_RULE_TYPES)[number];

const RuleName = SingleLine(120);

/** What every rule has, whatever its type. `siteId` null: the rule watches every site. */
const RuleCommon = {
  name: RuleName,
  severity: AlertSeverity.default('warning'),
  enabled: z.boolean().default(true),
  siteId: Id.nullable().default(null),
};

/** The type-specific fields of each rule type. */
const ruleVariants = {
  'new-group': { type: z.literal('new-group') },
  spike: { type: z.literal('spike'), minScore: z.number().positive().optional() },
  severity: { type: z.literal('severity'), atLeast: EventSeverity },
  'device-silent': {
    type: z.literal('device-silent'),
    device: SingleLine(200),
    minutes: z.number().int().min(1, 'must be at least 1 minute').max(10080, 'must be at most a week (10080)'),
  },
} as const;

export const CreateAlertRuleInput = z.discriminatedUnion('type', [
  z.object({ ...RuleCommon, ...ruleVariants['new-group'] }).strict(),
  z.object({ ...RuleCommon, ...ruleVariants.spike }).strict(),
  z.object({ ...RuleCommon, ...ruleVariants.severity }).strict(),
  z.object({ ...RuleCommon, ...ruleVariants['device-silent'] }).strict(),
]);
export type CreateAlertRuleInput = z.infer<typeof CreateAlertRuleInput>;

const RuleMeta = { id: Id, createdAt: Millis, updatedAt: Millis };
const RuleOut = { name: z.string(), severity: AlertSeverity, enabled: z.boolean(), siteId: Id.nullable() };

export const AlertRule = z.discriminatedUnion('type', [
  z.object({ ...RuleMeta, ...RuleOut, ...ruleVariants['new-group'] }),
  z.object({ ...RuleMeta, ...RuleOut, ...ruleVariants.spike }),
  z.object({ ...RuleMeta, ...RuleOut, ...ruleVariants.severity }),
  z.object({ ...RuleMeta, ...RuleOut, ...ruleVariants['device-silent'] }),
]);
export type AlertRule = z.infer<typeof AlertRule>;

const PatchCommon = {
  id: Id,
  name: RuleName.optional(),
  severity: AlertSeverity.optional(),
  enabled: z.boolean().optional(),
  siteId: Id.nullable().optional(),
};

/**
 * Changes the common fields; to change the condition, give `type` with all of that type's
 * fields (the rule's type may change that way).
 */
export const UpdateAlertRuleInput = z.union([
  z.object({ ...PatchCommon, ...ruleVariants['new-group'] }).strict(),
  z.object({ ...PatchCommon, ...ruleVariants.spike }).strict(),
  z.object({ ...PatchCommon, ...ruleVariants.severity }).strict(),
  z.object({ ...PatchCommon, ...ruleVariants['device-silent'] }).strict(),
  z.object(PatchCommon).strict(),
]);
export type UpdateAlertRuleInput = z.infer<typeof UpdateAlertRuleInput>;

export const alertsMethods = {
  'alerts.list': defineMethod({
    name: 'alerts.list',
    summary: 'Alerts, most recently seen first; filter by state and site.',
    input: z
      .object({
        state: AlertState.optional(),
        siteId: Id.optional(),
        cursor: Cursor.optional(),
        limit: PageLimit.default(100),
      })
      .strict(),
    output: z.object({ items: z.array(Alert), nextCursor: z.string().nullable() }),
    access: 'viewer',
    tenantScoped: true,
    mutates: false,
  }),
  'alerts.acknowledge': defineMethod({
    name: 'alerts.acknowledge',
    summary: 'Marks an open alert as acknowledged by the caller.',
    input: z.object({ id: Id }).strict(),
    output: Alert,
    access: 'operator',
    tenantScoped: true,
    mutates: true,
  }),
  'alerts.resolve': defineMethod({
    name: 'alerts.resolve',
    summary: 'Resolves an open or acknowledged alert, with an optional note.',
    input: z.object({ id: Id, note: z.string().trim().max(2000).optional() }).strict(),
    output: Alert,
    access: 'operator',
    tenantScoped: true,
    mutates: true,
  }),
  'alertRules.list': defineMethod({
    name: 'alertRules.list',
    summary: 'Alert rules of the tenant, by name.',
    input: z.object({}).strict(),
    output: z.object({ items: z.array(AlertRule) }),
    access: 'viewer',
    tenantScoped: true,
    mutates: false,
  }),
  'alertRules.create': defineMethod({
    name: 'alertRules.create',
    summary: 'Creates a rule: new-group, spike {minScore?}, severity {atLeast} or device-silent {device, minutes}.',
    input: CreateAlertRuleInput,
    output: AlertRule,
    access: 'technician',
    tenantScoped: true,
    mutates: true,
  }),
  'alertRules.update': defineMethod({
    name: 'alertRules.update',
    summary: 'Changes a rule; give type with its fields to change the condition.',
    input: UpdateAlertRuleInput,
    output: AlertRule,
    access: 'technician',
    tenantScoped: true,
    mutates: true,
  }),
  'alertRules.delete': defineMethod({
    name: 'alertRules.delete',
    summary: 'Deletes a rule. Alerts it raised stay.',
    input: z.object({ id: Id }).strict(),
    output: Ok,
    access: 'technician',
    tenantScoped: true,
    mutates: true,
  }),
};
