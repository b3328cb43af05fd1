import { useRouteError } from 'react-router';
import { AppError } from '../components/AppError.js';

/** A page that threw while rendering, or whose code could not be loaded. */
export function RouteErrorPage() {
  return <AppError error={useRouteError()} />;
}
