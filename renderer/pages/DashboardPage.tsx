import { AlertRulesSection } from '../components/AlertRulesSection.js';
import { AlertsSection } from '../components/AlertsSection.js';
import { GroupsSection } from '../components/GroupsSection.js';
import { PageTitle } from '../components/PageTitle.js';

export function DashboardPage() {
  return (
    <>
      <PageTitle>Dashboard</PageTitle>
      <AlertsSection />
      <GroupsSection />
      <AlertRulesSection />
    </>
  );
}
