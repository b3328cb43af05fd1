import { delimiter, isAbsolute } from 'node:path';
import { z } from 'zod';
import { cidrProblem } from '../outbound/index.js';
import { fromJsonText, PipelineSection } from './config-pipeline-section.js';

/**
 * Folders that file-reading sources (log files, drop folders) may read below. Set only here, in
 * the environment or with `outpost serve --allow-read DIR`, never through the API. Empty (the
 * default): such sources cannot read anything. Outpost's data folder stays unreadable whatever
 * this says. The environment takes a JSON list or paths separated like PATH (`:`; `;` on Windows).
 */
const AllowedFolders = z.preprocess(
  (value) =>
    typeof value === 'string' && !value.trimStart().startsWith('[')
      ? value.split(delimiter).filter((folder) => folder !== '')
      : fromJsonText(value),
  z.array(z.string().min(1).refine(isAbsolute, 'must be an absolute folder path, e.g. /var/log/myapp')),
);

/** The site map's uploads, status proxy and public endpoints. */
const SitemapSection = z
  .object({
    /** Largest base map (PNG, JPEG or SVG) accepted, in bytes. */
    maxBasemapBytes: z.coerce.number().int().min(1024).max(268_435_456).default(20_971_520),
    /** Largest overlay SVG accepted, in bytes (sanitising parses it whole, so this bounds its cost too). */
    maxOverlaySvgBytes: z.coerce.number().int().min(1024).max(67_108_864).default(10_485_760),
    /** Most rows one overlay import may hold. */
    maxImportRows: z.coerce.number().int().min(1).max(1_000_000).default(50_000),
    /**
     * The status proxy's cache: a site's status source is asked at most once per this many seconds,
     * however many viewers and public clients ask. 30 s by default (tests shorten it).
     */
    statusCacheSeconds: z.coerce.number().min(0.1).max(3600).default(30),
    /** Cache-Control max-age of the public release.json and status answers, in seconds. */
    publicMaxAgeSeconds: z.coerce.number().int().min(0).max(86_400).default(30),
  })
  .strict()
  .prefault({});

/** A list of CIDR ranges: a JSON list or commas (environment variables), each checked; empty by default. */
const cidrList = () =>
  z
    .preprocess(
      (value) => (typeof value === 'string' && !value.trim().startsWith('[') ? value.split(',') : fromJsonText(value)),
      z.array(
        z
          .string()
          .trim()
          .refine((cidr) => cidrProblem(cidr) === null, { error: (issue) => cidrProblem(String(issue.input)) ?? '' }),
      ),
    )
    .default([]);

/** Outgoing requests (status integrations, alert webhooks): what the address guard lets through. */
const OutboundSection = z
  .object({
    /**
     * CIDR ranges outgoing requests may reach beyond public addresses (loopback, private, link-local…
     * are refused otherwise). Admins only: the config file, `OUTPOST_OUTBOUND_ALLOW` (a JSON list or
     * commas) or `outpost serve --allow-outbound CIDR`; never the API.
     */
    allow: cidrList(),
  })
  .strict()
  .prefault({});

/** One shared worker pool: threads, and how many jobs may wait (per tenant, and in all). */
const poolSection = (defaults: { threads: number; maxWaitingPerTenant: number; maxWaiting: number }) =>
  z
    .object({
      threads: z.coerce.number().int().min(1).max(64).default(defaults.threads),
      maxWaitingPerTenant: z.coerce.number().int().min(1).max(100_000).default(defaults.maxWaitingPerTenant),
      maxWaiting: z.coerce.number().int().min(1).max(1_000_000).default(defaults.maxWaiting),
    })
    .strict()
    .prefault({});

/**
 * Worker pools that tenants share (issue 8): bounded and fair. Defaults suit a 2-core box: one thread
 * each (an SVG check can take hundreds of MiB; a model is loaded once per thread).
 */
const WorkersSection = z
  .object({
    /** SVG checks of uploads (jobs are files; a 10 MB overlay takes seconds). */
    svg: poolSection({ threads: 1, maxWaitingPerTenant: 3, maxWaiting: 12 }),
    /** Embeddings of new templates and search queries (jobs are batches of up to 16 texts). */
    embedding: poolSection({ threads: 1, maxWaitingPerTenant: 64, maxWaiting: 256 }),
    /** Snapshot pictures (libvips): thumbnails and the check on arrival; a job takes milliseconds. */
    images: poolSection({ threads: 1, maxWaitingPerTenant: 64, maxWaiting: 256 }),
    /**
     * ffmpeg and ffprobe runs for clips (the check and faststart remux on arrival, thumbnails, preview
     * strips): `threads` is processes at once; a job takes from a few hundred ms to seconds.
     */
    ffmpeg: poolSection({ threads: 2, maxWaitingPerTenant: 32, maxWaiting: 128 }),
  })
  .strict()
  .prefault({});

/** WireGuard tunnels (issue 13). */
const TunnelsSection = z
  .object({
    /** Network namespace the interfaces live in (`ip netns`); empty: the process's own. Lets instances run side by side. */
    netns: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{0,64}$/, 'must be a namespace name')
      .default(''),
    /**
     * The privileged tunnel helper's Unix socket (README "Tunnels"); empty: used only when the Core
     * lacks CAP_NET_ADMIN and /run/outpost/tunnel-helper.sock exists. The helper's own --netns then
     * applies, not `netns`.
     */
    helperSocket: z
      .string()
      .regex(/^(\/[^\0]{1,200})?$/, 'must be an absolute path to a Unix socket, or empty')
      .default(''),
    /** Where hub interfaces take their addresses unless one is given (the hub is host 1, sites 2, 3, …). */
    poolV4: z.string().default('10.213.0.0/16'),
    /** IPv6 range beside it (the same host numbers); empty for IPv4 only. */
    poolV6: z.string().default('fd0d:7a6f:7574::/64'),
    defaultListenPort: z.coerce.number().int().min(1).max(65535).default(51820),
    /** Seconds between keepalives in the configs sites get (keeps NAT open and the handshake fresh). */
    persistentKeepalive: z.coerce.number().int().min(0).max(3600).default(25),
    /** A peer without a handshake for this long is stale (alert raised; resolved when it recovers). */
    staleAfterSeconds: z.coerce.number().int().min(30).max(86_400).default(180),
    /** How often interfaces are read (handshakes, transfer); four times a second during a key rotation. */
    pollSeconds: z.coerce.number().min(0.2).max(300).default(5),
    /** Managed keys older than this are rotated (checked hourly); 0 turns scheduled rotation off. */
    keyRotationDays: z.coerce.number().min(0).max(3650).default(90),
    /** Days of 1-minute transfer rollups kept. */
    historyDays: z.coerce.number().int().min(1).max(3650).default(30),
    /**
     * The hub: the name of the hub interface enrolled sites get their peer on (and whose address the
     * sync routes answer on when `sync.listenOn` is empty). Empty: the tenant's hub interface when it
     * has exactly one; with none (or several and no name), enrolment carries no tunnel.
     */
    syncInterface: z
      .string()
      .regex(/^[A-Za-z0-9_=+.-]{0,15}$/, 'must be an interface name (at most 15 letters, digits, _=+.-)')
      .default(''),
  })
  .strict()
  .prefault({});

/** Media: thumbnails, signed links, retention, the archive and Frigate fetches (main/media). */
const MediaSection = z
  .object({
    /** ffmpeg and ffprobe to run; empty means the ones on PATH. */
    ffmpegPath: z.string().default(''),
    ffprobePath: z.string().default(''),
    /** Longest run of one ffmpeg or ffprobe process, in seconds; it is killed past it. */
    toolTimeoutSeconds: z.coerce.number().int().min(1).max(3600).default(120),
    /** How long a signed media link (for `<video>` and `<img>`) stays valid, in seconds. */
    linkTtlSeconds: z.coerce.number().int().min(30).max(3600).default(300),
    /** Deprecated: ffmpeg processes at once; `workers.ffmpeg.threads` says the same and wins when this is unset. */
    workers: z.coerce.number().int().min(1).max(16).optional(),
    thumbnailHeight: z.coerce.number().int().min(32).max(720).default(175),
    previewFrames: z.coerce.number().int().min(2).max(60).default(10),
    previewHeight: z.coerce.number().int().min(32).max(360).default(90),
    retention: z
      .object({
        /** How often retention runs, in seconds (it also runs when an upload meets the floor). */
        intervalSeconds: z.coerce.number().min(1).max(86_400).default(60),
        /** The low-disk floor: free space kept on the media disk, whichever of the two is larger. */
        minFreePercent: z.coerce.number().min(0).max(90).default(5),
        minFreeBytes: z.coerce.number().int().min(0).default(1_073_741_824),
      })
      .strict()
      .prefault({}),
    archive: z
      .object({
        /** How often archive rules are applied, in seconds. */
        intervalSeconds: z.coerce.number().min(1).max(86_400).default(300),
        /** Multipart part size in bytes (S3's minimum is 5 MiB); each part is retried on its own. */
        partSizeBytes: z.coerce.number().int().min(5_242_880).max(536_870_912).default(8_388_608),
        /** Archive bytes one tenant may hold across its sites; 0 = no limit. */
        tenantQuotaBytes: z.coerce.number().int().min(0).default(0),
        /** Attempts per part before the upload waits for the next run. */
        partAttempts: z.coerce.number().int().min(1).max(20).default(4),
      })
      .strict()
      .prefault({}),
    /** Frigate snapshot and clip fetches: attempts before giving up (backoff doubles from 1 s to 5 min). */
    frigateFetchAttempts: z.coerce.number().int().min(1).max(50).default(15),
    /** Files one export may hold. */
    exportMaxFiles: z.coerce.number().int().min(1).max(100_000).default(1000),
  })
  .strict()
  .prefault({});

/** Sync between sites and the hub (issue 14; main/sync). */
const SyncSection = z
  .object({
    /**
     * The hub: local address ranges its sync routes (`/api/sync/…`) answer on. CIDRs: the hub's
     * WireGuard tunnel range (e.g. `["10.213.0.0/16"]`, so sites reach it through the tunnel only),
     * or a private network's. Empty (the default): loopback only, for a hub behind a reverse proxy.
     * Empty with a hub tunnel interface (`tunnels.syncInterface`): its own tunnel address too. Enrolment
     * (`/api/sync/enrol`) answers on every address: a site has no tunnel before it. The rest of the API keeps `server.host`.
     */
    listenOn: cidrList(),
    /** The hub: the largest sync request it accepts, compressed or not (sites learn it and send less). */
    maxRequestBytes: z.coerce.number().int().min(65_536).max(268_435_456).default(1_048_576),
    /** Sites: seconds between exchanges with the hub when nothing is waiting (new records go at once). */
    intervalSeconds: z.coerce.number().min(0.2).max(3600).default(15),
    /**
     * Sites: milliseconds a committed record waits before a push starts, so that a burst goes in one
     * exchange (0: only every `intervalSeconds` and on `sync.now`). After a failed exchange the site
     * waits for the interval instead.
     */
    pushDelayMs: z.coerce.number().int().min(0).max(60_000).default(200),
    /** Sites: days acknowledged outbox entries are kept, to send again to a hub restored from an older backup. */
    keepAckedDays: z.coerce.number().min(0).max(365).default(7),
    /** Sites: seconds one request to the hub may take before it counts as failed. */
    requestTimeoutSeconds: z.coerce.number().min(1).max(600).default(60),
  })
  .strict()
  .prefault({});

/**
 * Every setting of Outpost, in one schema. Values come from (lowest to highest precedence)
 * the defaults here, `<dataDir>/config.json`, `OUTPOST_*` environment variables, then CLI flags.
 * The env name of a setting is its path in upper snake case: `server.port` → `OUTPOST_SERVER_PORT`,
 * `auth.sessionTtlMinutes` → `OUTPOST_AUTH_SESSION_TTL_MINUTES`.
 */
export const ConfigSchema = z
  .object({
    /** Where the database, keys, backups and blobs live. */
    dataDir: z.string().min(1),
    /** `site` on a workstation or edge box; `hub` on the central server. */
    role: z.enum(['site', 'hub']).default('site'),
    server: z
      .object({
        host: z.string().min(1).default('127.0.0.1'),
        port: z.coerce.number().int().min(0).max(65535).default(4870),
        /** Largest accepted request body, in bytes. */
        bodyLimitBytes: z.coerce.number().int().min(1024).max(1_073_741_824).default(1_048_576),
        /** Seconds to let in-flight requests finish on SIGTERM/SIGINT before closing anyway. */
        shutdownGraceSeconds: z.coerce.number().min(0).max(300).default(10),
        /** Serve the built renderer from this folder; empty means `dist/renderer` of the install. */
        rendererDir: z.string().default(''),
        /**
         * `/metrics` answers requests from this machine only (loopback, not forwarded by a proxy);
         * with a token set, also requests from anywhere carrying `Authorization: Bearer <token>`.
         */
        metricsToken: z.string().max(512).default(''),
      })
      .strict()
      .prefault({}),
    store: z
      .object({
        /**
         * What an acknowledged event survives. `process`: the process dying (SIGKILL, a crash), as
         * SQLite's WAL with synchronous=NORMAL gives. `power`: also a power cut or an OS crash, at one
         * fsync per transaction (synchronous=FULL) — for edge boxes without a UPS.
         */
        durability: z.enum(['process', 'power']).default('process'),
      })
      .strict()
      .prefault({}),
    desktop: z
      .object({
        /**
         * The desktop app also runs the HTTP server (on `server.host`/`server.port`), so cameras' webhooks,
         * wall boards and a browser elsewhere reach this workstation. Off by default: a desktop that nobody
         * sends to should open no port.
         */
        httpServer: z.union([z.boolean(), z.stringbool()]).default(false),
      })
      .strict()
      .prefault({}),
    rateLimit: z
      .object({
        /** Token bucket per user and address: burst size. */
        burst: z.coerce.number().int().min(1).max(100_000).default(200),
        /** Tokens added per second. */
        refillPerSecond: z.coerce.number().min(0.01).max(100_000).default(100),
        /**
         * The public site-map endpoints (`/api/public/…`) have a bucket of their own, per address only
         * (no one signs in there), so wall boards never spend the app's tokens nor the app theirs. It is
         * larger because a fleet of boards behind one NAT shares an address: 1,000 boards polling status
         * every 5 s and release.json every 30 s make about 233 requests/s, and 500 boards powering on
         * together (release.json, status, base map, overlay layer) about 2,000 at once.
         */
        publicBurst: z.coerce.number().int().min(1).max(100_000).default(2000),
        publicRefillPerSecond: z.coerce.number().min(0.01).max(100_000).default(500),
      })
      .strict()
      .prefault({}),
    auth: z
      .object({
        sessionTtlMinutes: z.coerce.number().int().min(1).max(525_600).default(720),
        /** Failed logins allowed per account, and separately per address, per window. */
        loginMaxFailures: z.coerce.number().int().min(1).max(1000).default(5),
        loginWindowMinutes: z.coerce.number().min(1).max(1440).default(15),
        /** How long an invitation link works, and a password-reset link. */
        inviteTtlHours: z.coerce.number().min(1).max(720).default(72),
        resetTtlHours: z.coerce.number().min(0.25).max(168).default(24),
        /** Attempts at creating the first admin per address per minute (the installation is open until then). */
        firstRunPerMinute: z.coerce.number().int().min(1).max(100).default(5),
      })
      .strict()
      .prefault({}),
    log: z
      .object({
        level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
      })
      .strict()
      .prefault({}),
    models: z
      .object({
        /** A folder holding model_quantized.onnx and tokenizer files; empty means the default search path. */
        dir: z.string().default(''),
      })
      .strict()
      .prefault({}),
    pipeline: PipelineSection,
    sitemap: SitemapSection,
    outbound: OutboundSection,
    workers: WorkersSection,
    files: z
      .object({ allowRead: AllowedFolders.default([]) })
      .strict()
      .prefault({}),
    tunnels: TunnelsSection,
    media: MediaSection,
    home: z
      .object({
        /** Cached Homes of users who have not asked for this long are dropped. */
        idleMinutes: z.coerce.number().min(1).max(1440).default(30),
        /** At most this many cached Homes (least recently asked go first). */
        maxEntries: z.coerce.number().int().min(10).max(1_000_000).default(10_000),
        /** The first change after a quiet spell is refreshed at once; later ones in this window share one refresh at its end. */
        refreshDelayMs: z.coerce.number().int().min(0).max(10_000).default(100),
        /** A spike shows on Home for this long after its minute. */
        spikeMinutes: z.coerce.number().int().min(1).max(1440).default(15),
      })
      .strict()
      .prefault({}),
    sync: SyncSection,
  })
  .strict();

export type Config = z.output<typeof ConfigSchema>;
export type ConfigInput = z.input<typeof ConfigSchema>;
