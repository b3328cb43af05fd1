import { z } from 'zod';
import { defineMethod } from './method.js';
import { Id, Millis, Ok } from './common.js';
import { SingleLine } from './text-rules.js';

/** A device name as sources report it (`device` of an event). */
export const DeviceName = SingleLine(200);

export const DeviceInfo = z.object({
  device: z.string(),
  /** The site its events go to whatever source reports it; null: the reporting source's site. */
  mappedSiteId: Id.nullable(),
  /** Sites that have its events, most recent first. */
  seenAt: z.array(z.object({ siteId: Id, lastSeen: Millis, events: z.number().int().nonnegative() })),
});
export type DeviceInfo = z.infer<typeof DeviceInfo>;

export const devicesMethods = {
  'devices.list': defineMethod({
    name: 'devices.list',
    summary: 'Devices and cameras that sent events or have a site of their own, by name.',
    input: z.object({}).strict(),
    output: z.object({ items: z.array(DeviceInfo) }),
    access: 'viewer',
    tenantScoped: true,
    mutates: false,
  }),
  'devices.setSite': defineMethod({
    name: 'devices.setSite',
    summary:
      "Sends a device's future events to a site whatever source reports it (a shared broker or webhook); siteId null goes back to the reporting source's site.",
    input: z.object({ device: DeviceName, siteId: Id.nullable() }).strict(),
    output: Ok,
    access: 'technician',
    tenantScoped: true,
    mutates: true,
  }),
};
