/** The portal's entry: config and session first, then the router. Screens beyond sign-in and the inbox load on demand. */
import { render } from 'preact';
import { ErrorBoundary, lazy, LocationProvider, Route, Router, useLocation } from 'preact-iso';
import { useEffect } from 'preact/hooks';
import { lang, t } from './i18n.ts';
import { initSession, session, type Role } from './session.ts';
import { Layout } from './layout.tsx';
import { SignIn } from './pages/sign-in.tsx';
import { Inbox } from './pages/inbox.tsx';

const Sellers = lazy(() => import('./pages/sellers.tsx').then((m) => m.Sellers));
const SellerPage = lazy(() => import('./pages/sellers.tsx').then((m) => m.SellerPage));
const ListingPage = lazy(() => import('./pages/listings.tsx').then((m) => m.ListingPage));
const NewListing = lazy(() => import('./pages/listings.tsx').then((m) => m.NewListing));
const Buyers = lazy(() => import('./pages/buyers.tsx').then((m) => m.Buyers));
const BuyerPage = lazy(() => import('./pages/buyers.tsx').then((m) => m.BuyerPage));
const DemandPage = lazy(() => import('./pages/demands.tsx').then((m) => m.DemandPage));
const NewDemand = lazy(() => import('./pages/demands.tsx').then((m) => m.NewDemand));
const MatchPage = lazy(() => import('./pages/matches.tsx').then((m) => m.MatchPage));
const Alerts = lazy(() => import('./pages/alerts.tsx').then((m) => m.Alerts));
const Fairs = lazy(() => import('./pages/fairs.tsx').then((m) => m.Fairs));
const FairPage = lazy(() => import('./pages/fairs.tsx').then((m) => m.FairPage));
const SellerWebhooks = lazy(() => import('./pages/webhooks.tsx').then((m) => m.SellerWebhooks));
const BuyerWebhooks = lazy(() => import('./pages/webhooks.tsx').then((m) => m.BuyerWebhooks));
const Certifications = lazy(() => import('./pages/certifications.tsx').then((m) => m.Certifications));
const Stats = lazy(() => import('./pages/stats.tsx').then((m) => m.Stats));

/** Where each role starts. */
const LANDING: Record<Role, string> = { cooperative: '/sellers', retailer: '/buyers', organiser: '/fairs', admin: '/stats' };

function Home() {
  const { route } = useLocation();
  useEffect(() => {
    const role = session.value?.roles[0];
    route(role ? LANDING[role] : '/sign-in', true);
  }, []);
  return null;
}

function NotFound() {
  return (
    <section>
      <h1>{t('notFound')}</h1>
      <a href="/">{t('home')}</a>
    </section>
  );
}

function App() {
  const { path, route } = useLocation();
  const signedIn = !!session.value;
  useEffect(() => {
    if (!signedIn && path !== '/sign-in') route('/sign-in', true);
  }, [signedIn, path]);
  void lang.value; // re-render every screen when the language changes
  return (
    <Layout>
      <ErrorBoundary>
        <Router>
          <Route path="/" component={Home} />
          <Route path="/sign-in" component={SignIn} />
          <Route path="/inbox" component={Inbox} />
          <Route path="/alerts" component={Alerts} />
          <Route path="/sellers" component={Sellers} />
          <Route path="/sellers/:id" component={SellerPage} />
          <Route path="/sellers/:sellerId/listings/new" component={NewListing} />
          <Route path="/sellers/:id/webhooks" component={SellerWebhooks} />
          <Route path="/listings/:id" component={ListingPage} />
          <Route path="/buyers" component={Buyers} />
          <Route path="/buyers/:id" component={BuyerPage} />
          <Route path="/buyers/:buyerId/demands/new" component={NewDemand} />
          <Route path="/buyers/:id/webhooks" component={BuyerWebhooks} />
          <Route path="/demands/:id" component={DemandPage} />
          <Route path="/matches/:id" component={MatchPage} />
          <Route path="/fairs" component={Fairs} />
          <Route path="/fairs/:id" component={FairPage} />
          <Route path="/stats" component={Stats} />
          <Route path="/certifications" component={Certifications} />
          <Route default component={NotFound} />
        </Router>
      </ErrorBoundary>
    </Layout>
  );
}

document.documentElement.lang = lang.value;
await initSession();
render(
  <LocationProvider>
    <App />
  </LocationProvider>,
  document.getElementById('app')!,
);
