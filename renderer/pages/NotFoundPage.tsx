import { Link, useLocation } from 'react-router';
import { PageTitle } from '../components/PageTitle.js';

export function NotFoundPage() {
  const { pathname } = useLocation();
  return (
    <>
      <PageTitle>Page not found</PageTitle>
      <p>
        There is no page at <code>{pathname}</code>. Use the navigation, or go to <Link to="/">Home</Link>.
      </p>
    </>
  );
}
