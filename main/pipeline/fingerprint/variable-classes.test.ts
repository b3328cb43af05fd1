/**
 * The kinds of variable that made the miner overfit (issue 11), each from synthetic lines written
 * for this test (no line of any LogHub system): they stand in for logs the accuracy samples do not
 * have. Each class has the lines that must share a template and, where a rule could over-reach, the
 * lines that must not.
 */
import { describe, expect, it } from 'vitest';
import { createTemplateMiner } from './index.js';

/** The template id of each line, all learnt by one fresh miner in order. */
function mine(lines: readonly string[]): string[] {
  const miner = createTemplateMiner();
  return lines.map((line) => miner.add(line).templateId);
}

function expectOneTemplate(lines: readonly string[]): void {
  expect(new Set(mine(lines)).size).toBe(1);
}

function expectTemplates(lines: readonly string[], count: number): void {
  expect(new Set(mine(lines)).size).toBe(count);
}

describe('variables that look like words', () => {
  it('keeps one template across weekdays and months written in dates', () => {
    expectOneTemplate([
      'vault sync from 10.4.0.9 finished at Mon Feb 02 06:30:11 2026',
      'vault sync from 10.4.0.12 finished at Fri Jul 17 19:02:45 2026',
      'vault sync from 10.4.0.9 finished at Sun Dec 20 00:00:01 2026',
      'vault sync from 10.4.0.3 finished at Wednesday, 4 March 2026 11:15',
    ]);
  });

  it('keeps one template for host names of different shapes in one place', () => {
    expectOneTemplate([
      'lease granted to 172.16.8.14 (unknown) on vlan',
      'lease granted to 172.16.8.15 (cam-entry-03.depot.example.org) on vlan',
      'lease granted to 172.16.8.16 (172-16-8-16.dyn.example.net) on vlan',
      'lease granted to 172.16.8.17 (printer.local) on vlan',
    ]);
  });

  it('keeps one template for service names that vary at the end of a short message', () => {
    expectOneTemplate(['restarting telnetd', 'restarting ntpd', 'restarting cupsd', 'restarting rsyncd']);
  });

  it('keeps one template for a program file name as the first token', () => {
    expectOneTemplate([
      'scanner.exe - vault.example.com:443 relayed through gw.example.com:3128 TLS',
      'Notes.exe - mail.example.org:993 relayed through gw.example.com:3128 TLS',
      'updater.exe - cdn.example.net:443 relayed through gw.example.com:3128 TLS',
    ]);
  });

  it('keeps a setting name that starts a message a word of its own', () => {
    expectTemplates(
      ['queue.depth.max is obsolete, see queue.limit', 'queue.depth.min is obsolete, see queue.floor'],
      2,
    );
  });
});

describe('variable-length token runs', () => {
  it('keeps one template for a comma list of names after a fixed prefix, whatever its length', () => {
    expectOneTemplate([
      'Enabled modules: ledger, ticketing',
      'Enabled modules: ledger, ticketing, badges, parking',
      'Enabled modules: reports, audit, intercom',
      'Enabled modules: badges, parking',
    ]);
  });

  it('keeps one template for a run of values of any length', () => {
    expectOneTemplate([
      'zone temperatures ( 21.5 22.0 19.8 ) recorded',
      'zone temperatures ( 21.5 22.0 ) recorded',
      'zone temperatures ( 18.1 18.4 19.0 20.2 21.7 ) recorded',
    ]);
  });

  it('keeps one template for a path with spaces in brackets', () => {
    expectOneTemplate([
      'Opened (C:\\Program Files\\Acme Door Suite\\doors.ini) for reading',
      'Opened (D:\\site data\\doors.ini) for reading',
      'Opened (/srv/door config/doors.ini) for reading',
    ]);
  });

  it('keeps a message that merely continues another apart from it', () => {
    expectTemplates(['Warning: battery low', 'Warning: battery low on unit', 'Warning: fan blocked'], 3);
  });
});

describe('a first token that is the variable', () => {
  it('keeps one template when only an identifier-like first token varies on a long line', () => {
    expectOneTemplate([
      'TBLA (r002 ACME BOARD7 0x00000003 ACME 0x00010000) @ 0x7f6e0000',
      'TBLB (r002 ACME BOARD7 0x00000003 ACME 0x00010000) @ 0x7f6e1000',
      'TBLC (r002 ACME BOARD7 0x00000003 ACME 0x00010000) @ 0x7f6e2400',
    ]);
  });

  it('keeps short commands that differ in their first word apart', () => {
    expectTemplates(['reboot (job 12)', 'halt (job 13)', 'reboot (job 14)'], 2);
  });
});

describe('words that change the event', () => {
  it('keeps lines apart that differ in a state word', () => {
    expectTemplates(['Uplink up on port 3', 'Uplink down on port 3', 'Uplink up on port 7'], 2);
    expectTemplates(['Before sync: pending=3 moved=0', 'After sync: pending=0 moved=3'], 2);
    expectTemplates(['relay check ok', 'relay check failed'], 2);
  });
});
