import { PageTitle } from './PageTitle.js';

/** A page whose capability is not built yet: it says so instead of pretending. */
export function PlaceholderPage({ title, comingWith }: { title: string; comingWith: string }) {
  return (
    <>
      <PageTitle>{title}</PageTitle>
      <p>{comingWith}</p>
    </>
  );
}
