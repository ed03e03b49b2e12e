//! The backend the pages and server functions reach: adapters from the server's services (the
//! booking desk, the directory, the policy registry, the store) to the app's `api::backend` traits.

use app::{
    api::backend::{
        Backend, BookingOffice, BoxFuture, FacilityDirectory, PolicySource, Proof, RegionDirectory,
    },
    api::directory::MapSettings,
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
use std::sync::Arc;

use crate::{
    booking::service::{BookingDesk, CancelledBy, DeskError},
    clock::{now, today},
    directory::service::Directory,
    policy::PolicyRegistry,
    store::Store,
};

impl RegionDirectory for Store {
    fn list_regions(&self) -> BoxFuture<'_, Result<Vec<Region>, AppError>> {
        Box::pin(async move {
            Store::list_regions(self)
                .await
                .map_err(|e| AppError::internal("list regions", e))
        })
    }
}

/// The policy registry together with the store it follows.
struct Policies {
    registry: Arc<PolicyRegistry>,
    store: Store,
}

impl PolicySource for Policies {
    fn policies_today(&self) -> BoxFuture<'_, Result<Vec<PolicyInForce>, AppError>> {
        Box::pin(async move {
            self.registry
                .in_force(&self.store, today())
                .await
                .map_err(|e| AppError::internal("load policies", e))
        })
    }

    fn policies_dated(&self) -> BoxFuture<'_, Result<(Date, Vec<Policy>), AppError>> {
        Box::pin(async move {
            let policies = self
                .registry
                .policies(&self.store)
                .await
                .map_err(|e| AppError::internal("load policies", e))?;
            Ok((today(), policies.values().cloned().collect()))
        })
    }
}

/// The booking desk for the pages (its limits are the desk's own, shared with the API).
struct GuardedDesk {
    desk: BookingDesk,
}

/// A problem for the visitor, or an internal error logged with a reference.
fn split(
    result: Result<BookingView, DeskError>,
    context: &str,
) -> Result<Result<BookingView, BookingProblem>, AppError> {
    match result {
        Ok(view) => Ok(Ok(view)),
        Err(DeskError::Problem(problem)) => Ok(Err(problem)),
        Err(other) => Err(AppError::internal(context, other)),
    }
}

impl BookingOffice for GuardedDesk {
    fn offices(&self) -> BoxFuture<'_, Result<Vec<OfficeInfo>, AppError>> {
        Box::pin(async move {
            self.desk
                .offices()
                .await
                .map_err(|e| AppError::internal("list offices", e))
        })
    }

    fn availability(
        &self,
        office: String,
        service: Service,
    ) -> BoxFuture<'_, Result<Vec<DayAvailability>, AppError>> {
        Box::pin(async move {
            let now = now();
            match self
                .desk
                .availability(&office, service, now.date, now.date.add_days(90), now)
                .await
            {
                Ok(days) => Ok(days),
                Err(DeskError::Problem(_)) => Err(AppError::NotFound),
                Err(e) => Err(AppError::internal("availability", e)),
            }
        })
    }

    fn slots(
        &self,
        office: String,
        service: Service,
        date: Date,
    ) -> BoxFuture<'_, Result<Vec<SlotAvailability>, AppError>> {
        Box::pin(async move {
            match self.desk.slots(&office, service, date, now()).await {
                Ok(slots) => Ok(slots),
                Err(DeskError::Problem(_)) => Err(AppError::NotFound),
                Err(e) => Err(AppError::internal("slots", e)),
            }
        })
    }

    fn request_booking_code(
        &self,
        request: BookingRequest,
        client: String,
    ) -> BoxFuture<'_, Result<Result<String, BookingProblem>, AppError>> {
        Box::pin(async move {
            match self
                .desk
                .request_booking_code(&request, &client, now())
                .await
            {
                Ok(id) => Ok(Ok(id)),
                Err(DeskError::Problem(problem)) => Ok(Err(problem)),
                Err(e) => Err(AppError::internal("send booking code", e)),
            }
        })
    }

    fn verify_booking_phone(
        &self,
        request: BookingRequest,
        verification_id: String,
        code: String,
        idempotency_key: String,
        client: String,
    ) -> BoxFuture<'_, Result<Result<(), BookingProblem>, AppError>> {
        Box::pin(async move {
            let key = idempotency(&idempotency_key);
            match self
                .desk
                .verify_booking_phone(&request, &verification_id, &code, key, &client, now())
                .await
            {
                Ok(()) => Ok(Ok(())),
                Err(DeskError::Problem(problem)) => Ok(Err(problem)),
                Err(e) => Err(AppError::internal("check booking code", e)),
            }
        })
    }

    fn book_verified(
        &self,
        request: BookingRequest,
        proof: Proof,
        idempotency_key: String,
        client: String,
    ) -> BoxFuture<'_, Result<Result<BookingView, BookingProblem>, AppError>> {
        Box::pin(async move {
            let key = idempotency(&idempotency_key);
            let result = match proof {
                Proof::Code { id, code } => {
                    self.desk
                        .book_with_code(&request, &id, &code, key, &client, now(), None)
                        .await
                }
                Proof::Verified => self.desk.book(&request, key, now()).await,
            };
            split(result, "book")
        })
    }

    fn resend_codes(
        &self,
        phone: String,
        client: String,
    ) -> BoxFuture<'_, Result<Result<(), BookingProblem>, AppError>> {
        Box::pin(async move {
            match self.desk.resend_codes(&phone, &client, now()).await {
                Ok(()) => Ok(Ok(())),
                Err(DeskError::Problem(problem)) => Ok(Err(problem)),
                Err(e) => Err(AppError::internal("text booking codes again", e)),
            }
        })
    }

    fn request_manage_code(
        &self,
        code: String,
        client: String,
    ) -> BoxFuture<'_, Result<Result<String, BookingProblem>, AppError>> {
        Box::pin(async move {
            match self.desk.request_manage_code(&code, &client, now()).await {
                Ok(id) => Ok(Ok(id)),
                Err(DeskError::Problem(problem)) => Ok(Err(problem)),
                Err(e) => Err(AppError::internal("send look-up code", e)),
            }
        })
    }

    fn open_booking(
        &self,
        code: String,
        verification_id: String,
        entered: String,
        client: String,
    ) -> BoxFuture<'_, Result<Result<BookingView, BookingProblem>, AppError>> {
        Box::pin(async move {
            split(
                self.desk
                    .open_booking(&code, &verification_id, &entered, &client, now())
                    .await,
                "open booking",
            )
        })
    }

    fn opened(
        &self,
        code: String,
    ) -> BoxFuture<'_, Result<Result<BookingView, BookingProblem>, AppError>> {
        Box::pin(async move { split(self.desk.by_code(&code).await, "open booking") })
    }

    fn cancel(
        &self,
        code: String,
    ) -> BoxFuture<'_, Result<Result<BookingView, BookingProblem>, AppError>> {
        Box::pin(async move {
            split(
                self.desk.cancel(&code, CancelledBy::Resident, now()).await,
                "cancel booking",
            )
        })
    }

    fn reschedule(
        &self,
        code: String,
        start: Moment,
    ) -> BoxFuture<'_, Result<Result<BookingView, BookingProblem>, AppError>> {
        Box::pin(async move {
            split(
                self.desk.reschedule(&code, start, now()).await,
                "reschedule booking",
            )
        })
    }

    fn book_second_stage(
        &self,
        code: String,
        start: Moment,
        idempotency_key: String,
    ) -> BoxFuture<'_, Result<Result<BookingView, BookingProblem>, AppError>> {
        Box::pin(async move {
            let key = idempotency(&idempotency_key);
            split(
                self.desk.book_second_stage(&code, start, key, now()).await,
                "book second stage",
            )
        })
    }
}

/// A form's idempotency key, when it is one.
fn idempotency(key: &str) -> Option<&str> {
    Some(key).filter(|k| !k.is_empty() && k.len() <= 100)
}

/// The directory for the finding pages.
struct Finder {
    map: Option<MapSettings>,
    directory: Directory,
}

impl FacilityDirectory for Finder {
    fn find(
        &self,
        pairs: Vec<(String, String)>,
    ) -> BoxFuture<'_, Result<Result<FoundFacilities, Vec<FieldError>>, AppError>> {
        Box::pin(async move {
            Ok(self
                .directory
                .search(pairs, now())
                .await
                .map_err(|e| AppError::internal("find facilities", e))?
                .map(|(_, found)| found))
        })
    }

    fn facility(
        &self,
        id: String,
    ) -> BoxFuture<'_, Result<Option<(Facility, OpenStatus)>, AppError>> {
        Box::pin(async move {
            self.directory
                .facility(&id, now())
                .await
                .map_err(|e| AppError::internal("facility", e))
        })
    }

    fn map(&self) -> Option<MapSettings> {
        self.map.clone()
    }

    fn places(&self) -> BoxFuture<'_, Result<Vec<StreetPlace>, AppError>> {
        Box::pin(async move {
            self.directory
                .places()
                .await
                .map_err(|e| AppError::internal("places", e))
        })
    }
}

/// The services handed to server functions and pages.
pub fn build(
    store: &Store,
    registry: &Arc<PolicyRegistry>,
    desk: &BookingDesk,
    directory: &Directory,
    map: Option<MapSettings>,
) -> Backend {
    Backend {
        directory: Arc::new(Finder {
            map,
            directory: directory.clone(),
        }),
        regions: Arc::new(store.clone()),
        policies: Arc::new(Policies {
            registry: registry.clone(),
            store: store.clone(),
        }),
        booking: Arc::new(GuardedDesk { desk: desk.clone() }),
    }
}
