/**
 * The sample site's drawings, made for it: a harbour depot's plan (the base map) and a layer with one
 * shape per device, camera and zone (the overlays). Both go through the same upload path as a
 * user's files (size and type checks, the SVG sanitiser).
 */

export const SAMPLE_BASEMAP_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 800 500" width="800" height="500">
  <title>Sample harbour depot (sample data)</title>
  <rect width="800" height="500" fill="#e7ecef"/>
  <path d="M0 432 C120 420 240 444 400 432 C560 420 680 444 800 432 V500 H0 Z" fill="#9cc3dc"/>
  <text x="24" y="478" font-family="sans-serif" font-size="16" fill="#2f5d7c">Harbour basin</text>
  <path d="M40 40 H760 V410 H40 V300 M40 250 V40" fill="#f7f7f4" stroke="#5b6770" stroke-width="4" stroke-dasharray="12 6"/>
  <path d="M0 275 H380 V320" fill="none" stroke="#b9c0c6" stroke-width="26"/>
  <text x="8" y="268" font-family="sans-serif" font-size="13" fill="#444">North gate</text>
  <rect x="90" y="80" width="250" height="150" fill="#cfd6dc" stroke="#4b5661" stroke-width="2"/>
  <text x="160" y="160" font-family="sans-serif" font-size="18" fill="#27313a">Warehouse A</text>
  <rect x="420" y="80" width="250" height="150" fill="#cfd6dc" stroke="#4b5661" stroke-width="2"/>
  <text x="490" y="160" font-family="sans-serif" font-size="18" fill="#27313a">Warehouse B</text>
  <rect x="80" y="310" width="200" height="80" fill="#e3e8d2" stroke="#7b8a5a" stroke-width="2"/>
  <text x="145" y="355" font-family="sans-serif" font-size="15" fill="#3d4a25">Parking</text>
  <rect x="400" y="330" width="260" height="60" fill="#eadfcb" stroke="#8a6f45" stroke-width="2"/>
  <text x="470" y="366" font-family="sans-serif" font-size="15" fill="#4b3a1f">Loading dock</text>
  <rect x="690" y="300" width="50" height="24" fill="#d9e5ef" stroke="#4b6a86"/>
  <rect x="690" y="330" width="50" height="24" fill="#d9e5ef" stroke="#4b6a86"/>
  <rect x="690" y="360" width="50" height="24" fill="#d9e5ef" stroke="#4b6a86"/>
  <text x="676" y="292" font-family="sans-serif" font-size="12" fill="#333">Reefers 1–3</text>
</svg>
`;

/** One overlay shape per entity; its id is the overlay's external id, its title the label. */
export const SAMPLE_OVERLAY_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 800 500" width="800" height="500">
  <g fill="#3b82f6" fill-opacity="0.35" stroke="#1e3a8a" stroke-width="2">
    <circle id="cam-gate" cx="60" cy="240" r="14"><title>Gate camera</title></circle>
    <circle id="cam-yard" cx="380" cy="270" r="14"><title>Yard camera</title></circle>
    <circle id="cam-dock" cx="530" cy="315" r="14"><title>Dock camera</title></circle>
    <rect id="gate-barrier" x="28" y="262" width="26" height="26"><title>Gate barrier</title></rect>
    <rect id="door-a" x="330" y="140" width="20" height="30"><title>Warehouse A door</title></rect>
    <rect id="door-b" x="410" y="140" width="20" height="30"><title>Warehouse B door</title></rect>
    <rect id="reefer-3" x="690" y="360" width="50" height="24"><title>Reefer 3</title></rect>
    <rect id="zone-parking" x="80" y="310" width="200" height="80" fill-opacity="0.15"><title>Parking zone</title></rect>
  </g>
</svg>
`;

export interface SampleEntity {
  /** The overlay's external id (the shape id). */
  shape: string;
  label: string;
  binding: { type: 'device' | 'camera'; device: string } | { type: 'zone'; zone: string };
}

export const SAMPLE_ENTITIES: readonly SampleEntity[] = [
  { shape: 'cam-gate', label: 'Gate camera', binding: { type: 'camera', device: 'cam-gate' } },
  { shape: 'cam-yard', label: 'Yard camera', binding: { type: 'camera', device: 'cam-yard' } },
  { shape: 'cam-dock', label: 'Dock camera', binding: { type: 'camera', device: 'cam-dock' } },
  { shape: 'gate-barrier', label: 'Gate barrier', binding: { type: 'device', device: 'gate-barrier' } },
  { shape: 'door-a', label: 'Warehouse A door', binding: { type: 'device', device: 'door-a' } },
  { shape: 'door-b', label: 'Warehouse B door', binding: { type: 'device', device: 'door-b' } },
  { shape: 'reefer-3', label: 'Reefer 3', binding: { type: 'device', device: 'reefer-3' } },
  { shape: 'zone-parking', label: 'Parking zone', binding: { type: 'zone', zone: 'parking' } },
];
