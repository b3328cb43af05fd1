/**
 * What one batch adds to the group, minute and device counters, summed in memory so the batch
 * writer runs one statement per distinct group, (group, minute) and device instead of three per
 * row. Each row of a batch repeats a few hundred groups and devices at most, and every statement
 * costs far more than a Map entry.
 */

export interface GroupTally {
  /** Events newly stored (updates in place count 0, but still move last seen and severity). */
  added: number;
  firstSeen: number;
  lastSeen: number;
  severity: number;
}

export interface DeviceTally {
  count: number;
  lastSeen: number;
  /** The event seen last: the latest time, and among equal times the later row of the batch. */
  lastEventId: string;
}

export class BatchTallies {
  readonly groups = new Map<string, GroupTally>();
  /** New events per group and minute: by group, then minute (no joined key string per row). */
  readonly minutes = new Map<string, Map<number, number>>();
  readonly devices = new Map<string, DeviceTally>();

  /** A row stored or updated in `groupId`: count (when `added`), first/last seen, highest severity. */
  group(groupId: string, added: number, time: number, severity: number): void {
    const tally = this.groups.get(groupId);
    if (!tally) {
      this.groups.set(groupId, { added, firstSeen: time, lastSeen: time, severity });
      return;
    }
    tally.added += added;
    if (time < tally.firstSeen) tally.firstSeen = time;
    if (time > tally.lastSeen) tally.lastSeen = time;
    if (severity > tally.severity) tally.severity = severity;
  }

  /** A new event in `groupId` at `time` (UTC ms), counted in its minute. */
  minute(groupId: string, time: number): void {
    const minute = Math.floor(time / 60_000);
    let counts = this.minutes.get(groupId);
    if (!counts) this.minutes.set(groupId, (counts = new Map()));
    counts.set(minute, (counts.get(minute) ?? 0) + 1);
  }

  /** A new event from `device`; a later or equally late row replaces the last event, as row-by-row upserts did. */
  device(device: string, time: number, eventId: string): void {
    const tally = this.devices.get(device);
    if (!tally) {
      this.devices.set(device, { count: 1, lastSeen: time, lastEventId: eventId });
      return;
    }
    tally.count++;
    if (time >= tally.lastSeen) {
      tally.lastSeen = time;
      tally.lastEventId = eventId;
    }
  }
}
