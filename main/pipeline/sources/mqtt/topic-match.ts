/**
 * Whether `topic` matches the subscription `filter` (`+` one level, `#` the rest, MQTT 3.1.1 §4.7).
 * mqtt.js matches filters only inside its own subscription table and exports no matcher, so the
 * few lines are written here. Topics starting with `$` are not matched by a leading wildcard.
 */
export function topicMatches(filter: string, topic: string): boolean {
  if (topic.startsWith('$') && (filter.startsWith('+') || filter.startsWith('#'))) return false;
  const want = filter.split('/');
  const have = topic.split('/');
  for (let i = 0; i < want.length; i++) {
    const level = want[i];
    if (level === '#') return true;
    if (i >= have.length) return false;
    if (level !== '+' && level !== have[i]) return false;
  }
  return want.length === have.length;
}
