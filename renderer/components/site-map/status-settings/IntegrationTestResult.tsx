import type { OutputOf } from '../../../../main/contract/index.js';

type TestResult = OutputOf<'integrations.test'>;

interface IntegrationTestResultProps {
  result: TestResult;
  /** "Map…" on an unmapped value: adds a rule for it. */
  onMap: (value: string) => void;
}

/** What one request to the source gave: how many items, how the first ones map, what is unmapped. */
export function IntegrationTestResult({ result, onMap }: IntegrationTestResultProps) {
  const failed = result.problems.length > 0 && result.items === 0;
  return (
    <section className="integration-test" aria-labelledby="integration-test-heading">
      <h3 id="integration-test-heading">Test result</h3>
      <p role="status" className={failed ? 'message message-error' : 'message message-success'}>
        {result.items} item{result.items === 1 ? '' : 's'} in {Math.round(result.durationMs)} ms
        {result.unmapped.length > 0
          ? `; ${result.unmapped.length} raw value${result.unmapped.length === 1 ? '' : 's'} not mapped`
          : ''}
        {result.problems.length > 0
          ? `; ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}`
          : ''}
        .
      </p>
      {result.problems.length > 0 && (
        <div className="message message-error">
          <h4>Problems</h4>
          <ul>
            {result.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      )}
      {result.unmapped.length > 0 && (
        <div>
          <h4>Unmapped values</h4>
          <p className="field-hint">These show as unknown until a rule maps them.</p>
          <ul className="unmapped-list">
            {result.unmapped.map((value) => (
              <li key={value}>
                <code>{value}</code>{' '}
                <button type="button" className="button button-secondary button-small" onClick={() => onMap(value)}>
                  Map “{value}”…
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      {result.sample.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <caption>First items, mapped</caption>
            <thead>
              <tr>
                <th scope="col">Id</th>
                <th scope="col">Raw value</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {result.sample.map((item) => (
                <tr key={item.id}>
                  <td className="mono">{item.id}</td>
                  <td className="mono">{item.raw}</td>
                  <td>{item.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
