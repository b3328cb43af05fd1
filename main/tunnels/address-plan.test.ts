import { describe, expect, it } from 'vitest';
import { hostAt, indexOf, overlaps, parsePool } from './address-plan.js';

describe('address plan', () => {
  it('numbers hosts from the network address in both families', () => {
    const v4 = parsePool('198.18.7.9/15', 'ipv4', 'poolV4');
    expect(v4.cidr).toBe('198.18.0.0/15');
    expect(hostAt(v4, 1)).toBe('198.18.0.1');
    expect(hostAt(v4, 256)).toBe('198.18.1.0');
    expect(v4.lastIndex).toBe(131_070);
    const v6 = parsePool('fd00:6f70::/64', 'ipv6', 'poolV6');
    expect(hostAt(v6, 2)).toBe('fd00:6f70::2');
    expect(indexOf(v4, '198.18.1.0')).toBe(256);
    expect(indexOf(v4, '10.0.0.1')).toBeNull();
  });

  it('keeps the IPv4 broadcast address free and refuses tiny or wrong-family ranges', () => {
    expect(parsePool('198.18.0.0/29', 'ipv4', 'poolV4').lastIndex).toBe(6);
    expect(() => parsePool('198.18.0.0/31', 'ipv4', 'poolV4')).toThrow(/poolV4: is too small/);
    expect(() => parsePool('fd00::/64', 'ipv4', 'poolV4')).toThrow(/must be an IPv4 range/);
    expect(() => parsePool('banana', 'ipv6', 'poolV6')).toThrow(/CIDR form/);
  });

  it('sees overlapping ranges', () => {
    expect(overlaps('198.18.0.0/15', '198.19.4.0/24')).toBe(true);
    expect(overlaps('198.18.0.0/16', '198.19.0.0/16')).toBe(false);
    expect(overlaps('198.18.0.0/16', 'fd00::/64')).toBe(false);
  });
});
