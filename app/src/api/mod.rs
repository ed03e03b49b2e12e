//! Server functions: thin shells that call the server's services and map their errors.

pub mod booking;
pub mod directory;
pub mod eligibility;
pub mod regions;
pub mod staff;

/// What the server hands the app so pages and server functions reach its services (provided as
/// context). The browser build compiles it too, so pages need no per-method stubs; only the
/// server provides it.
pub mod backend {
    use crate::{
        domain::{
            booking::{
                desk::{
                    BookingProblem, BookingRequest, BookingView, DayAvailability, OfficeInfo,
                    SlotAvailability,
                },
                moment::Moment,
                Service,
            },
            date::Date,
            directory::{
                facility::Facility,
                hours::OpenStatus,
                search::{FoundFacilities, StreetPlace},
            },
            eligibility::policy::{Policy, PolicyInForce},
            region::Region,
        },
        error::{AppError, FieldError},
    };
    use std::{future::Future, pin::Pin, sync::Arc};

    pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

    /// Read access to the regions this deployment serves.
    pub trait RegionDirectory: Send + Sync {
        fn list_regions(&self) -> BoxFuture<'_, Result<Vec<Region>, AppError>>;
    }

    /// The region policy figures the pre-check uses.
    pub trait PolicySource: Send + Sync {
        /// The figures in force today (China time) in every region that has them.
        fn policies_today(&self) -> BoxFuture<'_, Result<Vec<PolicyInForce>, AppError>>;
        /// Today's date (China time) and every region's dated figures, for answers on other
        /// dates ("what if I apply on …").
        fn policies_dated(&self) -> BoxFuture<'_, Result<(Date, Vec<Policy>), AppError>>;
    }

    /// The booking desk, for the booking pages (rendered on the server only).
    pub trait BookingOffice: Send + Sync {
        fn offices(&self) -> BoxFuture<'_, Result<Vec<OfficeInfo>, AppError>>;
        fn availability(
            &self,
            office: String,
            service: Service,
        ) -> BoxFuture<'_, Result<Vec<DayAvailability>, AppError>>;
        fn slots(
            &self,
            office: String,
            service: Service,
            date: Date,
        ) -> BoxFuture<'_, Result<Vec<SlotAvailability>, AppError>>;
        /// Checks a booking form and sends a code to its first person's phone (the contact
        /// phone); answers the verification's id. `client` is who asks, for the shared limits
        /// (an address key, or `kiosk:` and the kiosk's id).
        fn request_booking_code(
            &self,
            request: BookingRequest,
            client: String,
        ) -> BoxFuture<'_, Result<Result<String, BookingProblem>, AppError>>;
        /// Checks the code sent to the contact phone of this request (used up when right).
        fn verify_booking_phone(
            &self,
            request: BookingRequest,
            verification_id: String,
            code: String,
            idempotency_key: String,
            client: String,
        ) -> BoxFuture<'_, Result<Result<(), BookingProblem>, AppError>>;
        /// Books with the code sent to the contact phone (or, with `Proof::Verified`, a phone
        /// the server has seen verified in this sitting).
        fn book_verified(
            &self,
            request: BookingRequest,
            proof: Proof,
            idempotency_key: String,
            client: String,
        ) -> BoxFuture<'_, Result<Result<BookingView, BookingProblem>, AppError>>;
        /// Sends a code to the phones of the booking with this code, if there is one; answers a
        /// verification id either way (an unknown code is not told apart).
        fn request_manage_code(
            &self,
            code: String,
            client: String,
        ) -> BoxFuture<'_, Result<Result<String, BookingProblem>, AppError>>;
        /// Texts the codes of the upcoming bookings of this phone to it again (none when it has
        /// none: the answer is the same either way).
        fn resend_codes(
            &self,
            phone: String,
            client: String,
        ) -> BoxFuture<'_, Result<Result<(), BookingProblem>, AppError>>;
        /// Opens the booking with the code sent to its phone.
        fn open_booking(
            &self,
            code: String,
            verification_id: String,
            entered: String,
            client: String,
        ) -> BoxFuture<'_, Result<Result<BookingView, BookingProblem>, AppError>>;
        /// The booking the visitor has open (their pass says it was opened with a code).
        fn opened(
            &self,
            code: String,
        ) -> BoxFuture<'_, Result<Result<BookingView, BookingProblem>, AppError>>;
        /// Cancels the open booking, as its resident.
        fn cancel(
            &self,
            code: String,
        ) -> BoxFuture<'_, Result<Result<BookingView, BookingProblem>, AppError>>;
        fn reschedule(
            &self,
            code: String,
            start: Moment,
        ) -> BoxFuture<'_, Result<Result<BookingView, BookingProblem>, AppError>>;
        /// A divorce's second appointment, for the people of the first.
        fn book_second_stage(
            &self,
            code: String,
            start: Moment,
            idempotency_key: String,
        ) -> BoxFuture<'_, Result<Result<BookingView, BookingProblem>, AppError>>;
    }

    /// What shows that the contact phone of a booking is the booker's.
    #[derive(Clone, Debug, PartialEq, Eq)]
    pub enum Proof {
        /// The verification id and the code the booker typed.
        Code { id: String, code: String },
        /// The server saw this phone verified (a sealed pass of this sitting, a staff session).
        Verified,
    }

    /// The facilities directory, for the finding pages (rendered on the server only).
    pub trait FacilityDirectory: Send + Sync {
        /// Facilities matching query-string pairs (the API's names), or the problems with them.
        fn find(
            &self,
            pairs: Vec<(String, String)>,
        ) -> BoxFuture<'_, Result<Result<FoundFacilities, Vec<FieldError>>, AppError>>;
        /// One facility and whether it is open now.
        fn facility(
            &self,
            id: String,
        ) -> BoxFuture<'_, Result<Option<(Facility, OpenStatus)>, AppError>>;
        /// Streets residents can pick as "where I am".
        fn places(&self) -> BoxFuture<'_, Result<Vec<StreetPlace>, AppError>>;
        /// The map's settings, when the deployment shows a map.
        fn map(&self) -> Option<crate::api::directory::MapSettings>;
    }

    /// The services server functions use; the server provides one per request.
    #[derive(Clone)]
    pub struct Backend {
        pub regions: Arc<dyn RegionDirectory>,
        pub policies: Arc<dyn PolicySource>,
        pub booking: Arc<dyn BookingOffice>,
        pub directory: Arc<dyn FacilityDirectory>,
    }
}
