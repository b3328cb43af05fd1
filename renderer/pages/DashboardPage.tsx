import { PlaceholderPage } from '../components/PlaceholderPage.js';

export function DashboardPage() {
  return (
    <PlaceholderPage
      title="Dashboard"
      comingWith="Error groups, spikes and telemetry charts arrive with the Event pipeline and Telemetry capabilities."
    />
  );
}
