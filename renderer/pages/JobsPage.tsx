import { PlaceholderPage } from '../components/PlaceholderPage.js';

export function JobsPage() {
  return (
    <PlaceholderPage
      title="Jobs"
      comingWith="Analysis jobs — every analyzer run on a snapshot or clip, compared side by side — arrive with the Analysis jobs capability."
    />
  );
}
