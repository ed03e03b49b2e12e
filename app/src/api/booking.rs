//! The booking desk as the booking pages reach it. Pages render on the server only, so they call
//! the desk directly (no public server function); in the browser build these answer nothing.

use crate::{
    api::backend::{Backend, BookingOffice},
    domain::{
        booking::{
            desk::{
                BookingProblem, BookingRequest, BookingView, DayAvailability, OfficeInfo,
                SlotAvailability,
            },
            Service,
        },
        date::Date,
    },
    error::AppError,
};

type Outcome = Result<Result<BookingView, BookingProblem>, AppError>;

/// The desk of this request; take it in the component body, before any `await`. Pages render
/// on the server, which provides the backend; the browser build never renders them.
#[derive(Clone)]
pub struct Desk(std::sync::Arc<dyn BookingOffice>);

pub fn desk() -> Desk {
    Desk(leptos::prelude::expect_context::<Backend>().booking)
}

/// The visitor's address, put in the request's extensions by the server (for look-up limits).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ClientAddress(pub String);

pub fn client_address() -> String {
    request_extension::<ClientAddress>()
        .map(|c| c.0)
        .unwrap_or_default()
}

/// The booking this visitor has open: the one just booked, or the one found with its code and
/// an ID ending. The server reads it from a sealed cookie, so neither secret is in an address;
/// pages show it, and only the server's form handlers change it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BookingPass {
    pub code: String,
    pub id_last4: String,
}

/// The booking pass of this request, if the visitor has one.
pub fn booking_pass() -> Option<BookingPass> {
    request_extension::<BookingPass>()
}

/// A posted booking form that changed nothing, with the reason. The server's handler renders the
/// page that was posted with it (status 422), so the visitor sees what to correct.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RefusedForm {
    pub form: Vec<(String, String)>,
    pub problem: BookingProblem,
}

/// The refused form of this request, when the server renders a page for a form that failed.
pub fn refused_form() -> Option<RefusedForm> {
    request_extension::<RefusedForm>()
}

/// A value the server put in this request's extensions.
fn request_extension<T: Clone + Send + Sync + 'static>() -> Option<T> {
    #[cfg(feature = "ssr")]
    {
        leptos::prelude::use_context::<http::request::Parts>()
            .and_then(|p| p.extensions.get::<T>().cloned())
    }
    #[cfg(not(feature = "ssr"))]
    None
}

/// A fresh idempotency key for a booking form.
pub fn new_idempotency_key() -> String {
    #[cfg(feature = "ssr")]
    {
        use rand::RngCore;
        let mut bytes = [0u8; 16];
        rand::rng().fill_bytes(&mut bytes);
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }
    #[cfg(not(feature = "ssr"))]
    String::new()
}

impl Desk {
    pub async fn offices(&self) -> Result<Vec<OfficeInfo>, AppError> {
        self.0.offices().await
    }

    pub async fn availability(
        &self,
        office: &str,
        service: Service,
    ) -> Result<Vec<DayAvailability>, AppError> {
        self.0.availability(office.into(), service).await
    }

    pub async fn slots(
        &self,
        office: &str,
        service: Service,
        date: Date,
    ) -> Result<Vec<SlotAvailability>, AppError> {
        self.0.slots(office.into(), service, date).await
    }

    pub async fn book(&self, request: BookingRequest, key: String) -> Outcome {
        self.0.book(request, key).await
    }

    pub async fn find(&self, code: &str, last4: &str) -> Outcome {
        self.0
            .find(code.into(), last4.into(), client_address())
            .await
    }
}
