//! The booking desk as the booking pages reach it. Pages render on the server only, so they call
//! the desk directly (no public server function); in the browser build these answer nothing.

use crate::{
    api::backend::{Backend, BookingOffice},
    domain::{
        booking::{
            desk::{BookingProblem, BookingView, DayAvailability, OfficeInfo, SlotAvailability},
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

/// The booking this visitor has open: the one just booked, or one opened with its code and a
/// code sent to its phone. While `verification` is set the booking is not open yet: a code was
/// sent and is awaited. The server reads the pass from a sealed cookie, so no secret is in an
/// address; pages show it, and only the server's form handlers change it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BookingPass {
    pub code: String,
    /// The verification awaited (empty once the booking is open).
    pub verification: String,
}

impl BookingPass {
    pub fn is_open(&self) -> bool {
        self.verification.is_empty()
    }
}

/// A booking form kept between its steps (the people's details while a code is awaited), from
/// a sealed cookie; `verification` is the code's id, `verified` whether the contact phone was
/// already verified in this sitting.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DraftForm {
    pub form: Vec<(String, String)>,
}

/// The draft booking form of this request, if the visitor has one.
pub fn draft_form() -> Option<DraftForm> {
    request_extension::<DraftForm>()
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

    /// The open booking of this pass.
    pub async fn opened(&self, pass: &BookingPass) -> Outcome {
        if !pass.is_open() {
            return Ok(Err(BookingProblem::NotFound));
        }
        self.0.opened(pass.code.clone()).await
    }
}
