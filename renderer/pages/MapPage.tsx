import { PlaceholderPage } from '../components/PlaceholderPage.js';

export function MapPage() {
  return (
    <PlaceholderPage
      title="Map"
      comingWith="The site-map editor and live viewer arrive with the Site map capability."
    />
  );
}
