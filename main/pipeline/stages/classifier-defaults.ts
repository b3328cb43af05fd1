import type { ClassifierRule } from './classify.js';

/**
 * The categories a site operator thinks in. Detection labels map directly; log text is matched by
 * words that rarely mean anything else. Order matters: the first matching rule wins, so the
 * specific (a camera going offline) comes before the general (a network problem).
 */
export const DEFAULT_CLASSIFIER_RULES: readonly ClassifierRule[] = [
  {
    category: 'person',
    match: { field: 'label', pattern: '^(person|people|pedestrian|human|face)$' },
    tags: ['detection'],
  },
  {
    category: 'vehicle',
    match: {
      field: 'label',
      pattern: '^(vehicle|car|truck|bus|van|motorcycle|motorbike|bicycle|bike|boat|license_plate|licence_plate)$',
    },
    tags: ['detection'],
  },
  { category: 'motion', match: { field: 'label', pattern: '^motion$' }, tags: ['detection'] },
  { category: 'motion', match: { field: 'message', pattern: '\\bmotion (detected|event|alarm|started)\\b' } },
  {
    category: 'camera-offline',
    match: {
      field: 'message',
      pattern:
        '\\b(camera|cam|stream|video|rtsp|nvr|dvr|channel)\\b.{0,80}\\b(offline|lost|disconnected|unreachable|no signal|video loss|timed out|not responding|down)\\b|\\b(video loss|no video|signal lost)\\b',
    },
    tags: ['availability'],
  },
  {
    category: 'power',
    match: {
      field: 'message',
      pattern:
        '\\b(power (failure|loss|lost|outage|restored|supply)|mains|ups|on battery|battery (low|critical)|low battery|voltage|brownout|psu|poe budget|power cycle)\\b',
    },
    tags: ['infrastructure'],
  },
  {
    category: 'storage',
    match: {
      field: 'message',
      pattern:
        '\\b(disk|storage|volume|filesystem|file system|no space|enospc|inode|i/o error|raid|sd ?card|hdd|ssd|quota exceeded|read-only file ?system|smart (error|failure))\\b',
    },
    tags: ['infrastructure'],
  },
  {
    category: 'auth',
    match: {
      field: 'message',
      pattern:
        '\\b(login|logon|log ?in|sign ?in|authenticat\\w*|unauthori[sz]ed|password|credentials?|permission denied|access denied|forbidden|invalid user|token expired|sshd|pam_unix|sudo)\\b',
    },
    tags: ['security'],
  },
  {
    category: 'network',
    match: {
      field: 'message',
      pattern:
        '\\b(network|connection (refused|reset|closed|timed out|lost)|timed? ?out|unreachable|dns|name resolution|packet loss|link (down|up)|ethernet|wi-?fi|socket|latency|ping|gateway|dhcp|eth\\d|wlan\\d|handshake|tunnel)\\b',
    },
    tags: ['infrastructure'],
  },
];

/**
 * Example sentences per category. The pipeline embeds them once and hands the vectors to
 * `createClassifier({ prototypes })`, so events that no rule names still land near their kind.
 */
export const DEFAULT_PROTOTYPE_TEXTS: Record<string, string[]> = {
  network: [
    'connection to host timed out',
    'network unreachable, retrying',
    'DNS lookup failed for server',
    'link down on interface',
    'connection reset by peer',
  ],
  storage: [
    'disk full, no space left on device',
    'I/O error reading block from disk',
    'RAID array degraded',
    'recording volume is nearly full',
    'filesystem remounted read-only',
  ],
  auth: [
    'failed login for user',
    'authentication failure from remote host',
    'invalid password entered',
    'access denied, permission missing',
    'session token expired, please sign in again',
  ],
  power: [
    'power failure detected, running on battery',
    'UPS battery low',
    'mains power restored',
    'voltage out of range on power supply',
  ],
  'camera-offline': [
    'camera offline',
    'video stream lost from camera',
    'RTSP stream not responding',
    'camera not reachable, no video signal',
  ],
  person: ['person detected', 'a person entered the zone', 'pedestrian seen at the gate'],
  vehicle: ['vehicle detected', 'car entered the driveway', 'truck stopped at the loading dock'],
  motion: ['motion detected', 'movement in the monitored area', 'motion alarm triggered'],
};
