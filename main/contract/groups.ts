import { z } from 'zod';
import { defineMethod } from './method.js';
import { SingleLine } from './text-rules.js';
import { Id, Millis } from './common.js';
import { Cursor, EventSeverity, PageLimit } from './events.js';

export const Group = z.object({
  id: Id,
  siteId: Id,
  template: z.string(),
  category: z.string().nullable(),
  tags: z.array(z.string()),
  count: z.number().int().nonnegative(),
  firstSeen: Millis,
  lastSeen: Millis,
  /** The highest severity seen in the group. */
  severity: EventSeverity,
  /** Per-minute counts of the last 60 minutes, oldest first. */
  sparkline: z.array(z.number().int().nonnegative()),
  /** Set when the group was merged into another: its events now count there. */
  mergedInto: Id.nullable(),
});
export type Group = z.infer<typeof Group>;

export const GroupTemplate = z.object({
  templateId: Id,
  template: z.string(),
  /** `similarity` joins were made by nearest-neighbour search and can be reversed with groups.split. */
  joinedBy: z.enum(['template', 'similarity']),
  similarity: z.number().nullable(),
  joinedAt: Millis,
});
export type GroupTemplate = z.infer<typeof GroupTemplate>;

/** A template with its tokens as the miner counts them: `groups.splitByPosition` takes an index into these. */
export const GroupTemplateDetail = GroupTemplate.extend({
  /** Null when the miner no longer knows the template (then it cannot be split by position). */
  tokens: z.array(z.string()).nullable(),
});
export type GroupTemplateDetail = z.infer<typeof GroupTemplateDetail>;

export const GroupDetail = Group.extend({ templates: z.array(GroupTemplateDetail) });
export type GroupDetail = z.infer<typeof GroupDetail>;

export const Tag = SingleLine(64);

export const ListGroupsInput = z
  .object({
    siteId: Id.optional(),
    tag: Tag.optional(),
    category: z.string().min(1).max(64).optional(),
    sort: z.enum(['lastSeen', 'count', 'firstSeen']).default('lastSeen'),
    cursor: Cursor.optional(),
    limit: PageLimit.default(100),
  })
  .strict();
export type ListGroupsInput = z.infer<typeof ListGroupsInput>;

export const groupsMethods = {
  'groups.list': defineMethod({
    name: 'groups.list',
    summary: 'Groups (not merged away), by last seen, count or first seen, with a sparkline each.',
    input: ListGroupsInput,
    output: z.object({ items: z.array(Group), nextCursor: z.string().nullable() }),
    access: 'viewer',
    tenantScoped: true,
    mutates: false,
  }),
  'groups.get': defineMethod({
    name: 'groups.get',
    summary: 'One group with the templates that belong to it and how each joined.',
    input: z.object({ id: Id }).strict(),
    output: GroupDetail,
    access: 'viewer',
    tenantScoped: true,
    mutates: false,
  }),
  'groups.similar': defineMethod({
    name: 'groups.similar',
    summary:
      'The nearest groups of the same site by template embedding, most similar first, and only those at least `minSimilarity` alike (a floor measured on labelled logs).',
    input: z.object({ id: Id, limit: z.number().int().min(1).max(50).default(10) }).strict(),
    output: z.object({
      items: z.array(z.object({ group: Group, similarity: z.number() })),
      /** The floor applied (depends on the embedder: see the README). */
      minSimilarity: z.number(),
    }),
    access: 'viewer',
    tenantScoped: true,
    mutates: false,
  }),
  'groups.merge': defineMethod({
    name: 'groups.merge',
    summary: "Moves the source groups' templates and counts into the target group.",
    input: z
      .object({
        targetId: Id,
        sourceIds: z.array(Id).min(1, 'needs at least one group to merge').max(100, 'takes at most 100 groups'),
      })
      .strict(),
    output: Group,
    access: 'technician',
    tenantScoped: true,
    mutates: true,
  }),
  'groups.split': defineMethod({
    name: 'groups.split',
    summary: 'Moves one template out of its group into a new group of its own (reverses a join).',
    input: z.object({ groupId: Id, templateId: Id }).strict(),
    output: Group,
    access: 'technician',
    tenantScoped: true,
    mutates: true,
  }),
  'groups.splitByPosition': defineMethod({
    name: 'groups.splitByPosition',
    summary:
      'Makes one group per value seen at a token position of a template (its `tokens` in groups.get), now and for ' +
      'later events; reversed with groups.merge.',
    input: z
      .object({
        groupId: Id,
        templateId: Id,
        position: z.number().int().min(0, 'must be a token index (0 or more)').max(1023, 'must be at most 1023'),
      })
      .strict(),
    output: z.object({ items: z.array(Group) }),
    access: 'technician',
    tenantScoped: true,
    mutates: true,
  }),
  'groups.tag': defineMethod({
    name: 'groups.tag',
    summary: 'Adds and removes tags of a group.',
    input: z
      .object({
        id: Id,
        add: z.array(Tag).max(50).optional(),
        remove: z.array(Tag).max(50).optional(),
      })
      .strict(),
    output: Group,
    access: 'technician',
    tenantScoped: true,
    mutates: true,
  }),
};
