export { syslogAdapter } from './syslog-adapter.js';
export { SyslogConfigSchema, type SyslogConfig } from './syslog-config.js';
export { parseSyslog, type ParsedSyslog } from './syslog-parser.js';
