//! The booking desk as the booking pages reach it. Pages render on the server only, so they call
//! the desk directly (no public server function); in the browser build these answer nothing.

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
    },
    error::AppError,
};

type Outcome = Result<Result<BookingView, BookingProblem>, AppError>;

/// The desk of this request; take it in the component body, before any `await`.
#[derive(Clone)]
pub struct Desk {
    #[cfg(feature = "ssr")]
    inner: std::sync::Arc<dyn crate::api::backend::BookingOffice>,
}

pub fn desk() -> Desk {
    Desk {
        #[cfg(feature = "ssr")]
        inner: leptos::prelude::expect_context::<crate::api::backend::Backend>().booking,
    }
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

#[cfg(not(feature = "ssr"))]
fn unavailable<T>() -> Result<T, AppError> {
    Err(AppError::NotFound)
}

impl Desk {
    pub async fn offices(&self) -> Result<Vec<OfficeInfo>, AppError> {
        #[cfg(feature = "ssr")]
        return self.inner.offices().await;
        #[cfg(not(feature = "ssr"))]
        unavailable()
    }

    pub async fn availability(
        &self,
        office: &str,
        service: Service,
    ) -> Result<Vec<DayAvailability>, AppError> {
        #[cfg(feature = "ssr")]
        return self.inner.availability(office.into(), service).await;
        #[cfg(not(feature = "ssr"))]
        {
            let _ = (office, service);
            unavailable()
        }
    }

    pub async fn slots(
        &self,
        office: &str,
        service: Service,
        date: Date,
    ) -> Result<Vec<SlotAvailability>, AppError> {
        #[cfg(feature = "ssr")]
        return self.inner.slots(office.into(), service, date).await;
        #[cfg(not(feature = "ssr"))]
        {
            let _ = (office, service, date);
            unavailable()
        }
    }

    pub async fn book(&self, request: BookingRequest, key: String) -> Outcome {
        #[cfg(feature = "ssr")]
        return self.inner.book(request, key).await;
        #[cfg(not(feature = "ssr"))]
        {
            let _ = (request, key);
            unavailable()
        }
    }

    pub async fn find(&self, code: &str, last4: &str) -> Outcome {
        #[cfg(feature = "ssr")]
        return self
            .inner
            .find(code.into(), last4.into(), client_address())
            .await;
        #[cfg(not(feature = "ssr"))]
        {
            let _ = (code, last4);
            unavailable()
        }
    }

    pub async fn cancel(&self, code: &str, last4: &str) -> Outcome {
        #[cfg(feature = "ssr")]
        return self
            .inner
            .cancel(code.into(), last4.into(), client_address())
            .await;
        #[cfg(not(feature = "ssr"))]
        {
            let _ = (code, last4);
            unavailable()
        }
    }

    pub async fn reschedule(&self, code: &str, last4: &str, start: Moment) -> Outcome {
        #[cfg(feature = "ssr")]
        return self
            .inner
            .reschedule(code.into(), last4.into(), start, client_address())
            .await;
        #[cfg(not(feature = "ssr"))]
        {
            let _ = (code, last4, start);
            unavailable()
        }
    }

    pub async fn book_second_stage(
        &self,
        code: &str,
        last4: &str,
        start: Moment,
        key: &str,
    ) -> Outcome {
        #[cfg(feature = "ssr")]
        return self
            .inner
            .book_second_stage(
                code.into(),
                last4.into(),
                start,
                key.into(),
                client_address(),
            )
            .await;
        #[cfg(not(feature = "ssr"))]
        {
            let _ = (code, last4, start, key);
            unavailable()
        }
    }
}
