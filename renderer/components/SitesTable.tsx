import type { Site } from '../../main/contract/index.js';

export function SitesTable({ sites }: { sites: readonly Site[] }) {
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">Sites</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Slug</th>
            <th scope="col">Time zone</th>
            <th scope="col">Address</th>
          </tr>
        </thead>
        <tbody>
          {sites.map((site) => (
            <tr key={site.id}>
              <td>{site.name}</td>
              <td className="mono">{site.slug}</td>
              <td>{site.timezone}</td>
              <td>{site.address || <span className="muted">None</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
