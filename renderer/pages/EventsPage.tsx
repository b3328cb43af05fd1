import { PlaceholderPage } from '../components/PlaceholderPage.js';

export function EventsPage() {
  return (
    <PlaceholderPage
      title="Events"
      comingWith="Events from cameras, devices and logs — grouped, searchable, with alerts — arrive with the Event pipeline capability."
    />
  );
}
