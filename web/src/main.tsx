import { StrictMode, type ReactNode, useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import './index.css';
import { Layout } from './components/Layout';
import { Loading } from './components/ui';
import { useSession, SessionProvider } from './lib/session';
import { AccountPage, ConfirmEmail, Consent, ForgotPassword } from './screens/Account';
import { Accounts } from './screens/Accounts';
import { AllocationCools, AllocationScreen, MunicipalityAllocationPage, PrefectureAllocationPage, SiteAllocations, WorkplaceAllocation } from './screens/Allocation';
import { BillingPrices, ClaimPage, Claims, Invoices } from './screens/Billing';
import { Delegations } from './screens/Delegations';
import { DeliveryCools, DeliveryDetail, DeliveryList, DeliveryReports, Lots, Stock } from './screens/Deliveries';
import { DemandForm, DemandList } from './screens/Demand';
import { FacilityPage } from './screens/Facility';
import { Finder } from './screens/Finder';
import { Home } from './screens/Home';
import { InquiryList, InquiryPage, NewInquiry } from './screens/Inquiries';
import { Knowledge } from './screens/Knowledge';
import { LinkSetup } from './screens/LinkSetup';
import { CodeImport, Cools, MaintenanceWindows, PlanCalendar, Vaccines } from './screens/Masters';
import { SiteType } from './screens/SiteExtras';
import { CallCentreRequests, CodeApplications, ContactChanges, FacilityDetail, FacilityList, MailFailures, Registrations } from './screens/Lists';
import { NewNotice, NoticeList, NoticePage } from './screens/Notices';
import { PlanReviewDetail, PlanReviews, Plans } from './screens/Plans';
import { Reservations, SlotPlan, VenueBookings } from './screens/Reservations';
import { ResidentForm, ResidentRequestDetail, ResidentRequestPage, ResidentRequestQueue, ResidentServices } from './screens/ResidentRequests';
import { ResultReports, Results } from './screens/Results';
import { ScreeningForms } from './screens/ScreeningForms';
import { SignIn } from './screens/SignIn';
import { OwnArea, Wholesalers } from './screens/Wholesalers';

/** A page for signed-in users: others go to the sign-in page, and a user
 * who has not consented yet goes to the consent page first. */
function Private({ children }: { children: ReactNode }) {
  const { me, loading } = useSession();
  const location = useLocation();
  if (loading) return <Loading />;
  // Back to where the user was going (a mailed link) once signed in.
  if (!me) return <Navigate to={`/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  if (!me.privacy_consented && location.pathname !== '/consent') return <Navigate to="/consent" replace />;
  return <>{children}</>;
}

/** Moves the focus to the new page's heading, so that a screen reader
 * announces where the user is after every navigation. */
function FocusOnNavigate() {
  const location = useLocation();
  useEffect(() => {
    document.querySelector<HTMLElement>('[data-page-title]')?.focus();
  }, [location.pathname]);
  return null;
}

function App() {
  return (
    <Layout>
      <FocusOnNavigate />
      <Routes>
        <Route path="/sign-in" element={<SignIn />} />
        <Route path="/activate" element={<LinkSetup purpose="activate" />} />
        <Route path="/reset-password" element={<LinkSetup purpose="reset" />} />
        <Route path="/confirm-email" element={<ConfirmEmail />} />
        <Route path="/forgot-password" element={<ForgotPassword />} />
        <Route path="/finder" element={<Finder />} />
        <Route path="/residents" element={<ResidentServices />} />
        <Route path="/residents/out-of-area" element={<ResidentForm kind="out_of_area" key="out_of_area" />} />
        <Route path="/residents/coupon-reissue" element={<ResidentForm kind="reissue" key="reissue" />} />
        <Route path="/resident-request" element={<ResidentRequestPage />} />
        <Route path="/consent" element={<Private><Consent /></Private>} />
        <Route path="/" element={<Private><Home /></Private>} />
        <Route path="/account" element={<Private><AccountPage /></Private>} />
        <Route path="/facility" element={<Private><FacilityPage /></Private>} />
        <Route path="/demand" element={<Private><DemandList /></Private>} />
        <Route path="/demand/:coolId" element={<Private><DemandForm /></Private>} />
        <Route path="/delegations" element={<Private><Delegations /></Private>} />
        <Route path="/plans" element={<Private><Plans /></Private>} />
        <Route path="/plan-reviews" element={<Private><PlanReviews /></Private>} />
        <Route path="/plan-reviews/:siteId" element={<Private><PlanReviewDetail /></Private>} />
        <Route path="/accounts" element={<Private><Accounts /></Private>} />
        <Route path="/facilities" element={<Private><FacilityList /></Private>} />
        <Route path="/facilities/:orgId" element={<Private><FacilityDetail /></Private>} />
        <Route path="/registrations" element={<Private><Registrations /></Private>} />
        <Route path="/call-centre-requests" element={<Private><CallCentreRequests /></Private>} />
        <Route path="/notices" element={<Private><NoticeList /></Private>} />
        <Route path="/notices/new" element={<Private><NewNotice /></Private>} />
        <Route path="/notices/:id" element={<Private><NoticePage /></Private>} />
        <Route path="/inquiries" element={<Private><InquiryList /></Private>} />
        <Route path="/inquiries/new" element={<Private><NewInquiry /></Private>} />
        <Route path="/inquiries/:id" element={<Private><InquiryPage /></Private>} />
        <Route path="/knowledge" element={<Private><Knowledge /></Private>} />
        <Route path="/screening-forms" element={<Private><ScreeningForms /></Private>} />
        <Route path="/resident-requests" element={<Private><ResidentRequestQueue /></Private>} />
        <Route path="/resident-requests/:id" element={<Private><ResidentRequestDetail /></Private>} />
        <Route path="/code-applications" element={<Private><CodeApplications /></Private>} />
        <Route path="/contact-changes" element={<Private><ContactChanges /></Private>} />
        <Route path="/mail-failures" element={<Private><MailFailures /></Private>} />
        <Route path="/site-type" element={<Private><SiteType /></Private>} />
        <Route path="/vaccines" element={<Private><Vaccines /></Private>} />
        <Route path="/cools" element={<Private><Cools /></Private>} />
        <Route path="/plan-calendar" element={<Private><PlanCalendar /></Private>} />
        <Route path="/maintenance" element={<Private><MaintenanceWindows /></Private>} />
        <Route path="/facility-codes" element={<Private><CodeImport /></Private>} />
        <Route path="/allocation" element={<Private><AllocationCools /></Private>} />
        <Route path="/allocation/:coolId" element={<Private><AllocationScreen /></Private>} />
        <Route path="/allocation/:coolId/prefectures/:pref" element={<Private><PrefectureAllocationPage /></Private>} />
        <Route path="/allocation/:coolId/municipalities/:muni" element={<Private><MunicipalityAllocationPage /></Private>} />
        <Route path="/allocation/:coolId/workplace" element={<Private><WorkplaceAllocation /></Private>} />
        <Route path="/allocations" element={<Private><SiteAllocations /></Private>} />
        <Route path="/wholesalers" element={<Private><Wholesalers /></Private>} />
        <Route path="/delivery-area" element={<Private><OwnArea /></Private>} />
        <Route path="/deliveries" element={<Private><DeliveryCools /></Private>} />
        <Route path="/deliveries/:coolId" element={<Private><DeliveryList /></Private>} />
        <Route path="/deliveries/:coolId/:siteId" element={<Private><DeliveryDetail /></Private>} />
        <Route path="/delivery-reports" element={<Private><DeliveryReports /></Private>} />
        <Route path="/lots" element={<Private><Lots /></Private>} />
        <Route path="/stock" element={<Private><Stock /></Private>} />
        <Route path="/results" element={<Private><Results /></Private>} />
        <Route path="/result-reports" element={<Private><ResultReports /></Private>} />
        <Route path="/reservation-slots" element={<Private><SlotPlan /></Private>} />
        <Route path="/reservations" element={<Private><Reservations /></Private>} />
        <Route path="/bookings" element={<Private><VenueBookings /></Private>} />
        <Route path="/billing" element={<Private><Claims /></Private>} />
        <Route path="/billing/:month" element={<Private><ClaimPage /></Private>} />
        <Route path="/billing-invoices" element={<Private><Invoices /></Private>} />
        <Route path="/billing-prices" element={<Private><BillingPrices /></Private>} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </Layout>
  );
}

function NotFound() {
  return (
    <p className="py-6" role="alert">
      このページはありません。
    </p>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <BrowserRouter basename="/app">
      <SessionProvider>
        <App />
      </SessionProvider>
    </BrowserRouter>
  </StrictMode>,
);
