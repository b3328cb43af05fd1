import { readFileSync } from 'node:fs';

/**
 * Group names and ids from /etc/group. Node has no getgrnam(); the helper's group is a local
 * system group (`groupadd --system`), so the file is enough, and a numeric id works for a group
 * that lives only in a directory service (LDAP, sssd).
 */
function groups(file: string): { name: string; gid: number }[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .map((line) => line.split(':'))
    .filter((fields) => fields.length >= 3 && /^\d+$/.test(fields[2]!))
    .map((fields) => ({ name: fields[0]!, gid: Number(fields[2]) }));
}

/** The gid of a group given by name or number; throws a sentence saying how to create it. */
export function groupId(group: string, file = '/etc/group'): number {
  if (/^\d+$/.test(group)) return Number(group);
  const found = groups(file).find((g) => g.name === group);
  if (!found) {
    throw new Error(
      `There is no group "${group}" in ${file}: create it with \`groupadd --system ${group}\`, or give its numeric id.`,
    );
  }
  return found.gid;
}

export function groupName(gid: number, file = '/etc/group'): string | null {
  return groups(file).find((g) => g.gid === gid)?.name ?? null;
}
