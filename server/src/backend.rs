//! The backend the pages and server functions reach: adapters from the server's services (the
//! booking desk, the directory, the policy registry, the store) to the app's `api::backend` traits.

use app::{
    api::backend::{
        Backend, BookingOffice, BoxFuture, FacilityDirectory, PolicySource, RegionDirectory,
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
        eligibility::policy::PolicyInForce,
        region::Region,
    },
    error::{AppError, FieldError},
};
use std::{net::IpAddr, sync::Arc};

use crate::{
    booking::{
        lookups::LookupGuard,
        service::{BookingDesk, DeskError},
    },
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
}

/// The booking desk for the pages, with the same guard on look-ups as the API.
struct GuardedDesk {
    desk: BookingDesk,
    lookups: Arc<LookupGuard>,
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

impl GuardedDesk {
    async fn guarded(
        &self,
        client: &str,
        run: impl std::future::Future<Output = Result<BookingView, DeskError>>,
        context: &str,
    ) -> Result<Result<BookingView, BookingProblem>, AppError> {
        let ip: IpAddr = client
            .parse()
            .unwrap_or(IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED));
        if self.lookups.is_refused(ip).await {
            return Ok(Err(BookingProblem::NotFound));
        }
        let result = run.await;
        if matches!(result, Err(DeskError::Problem(BookingProblem::NotFound))) {
            self.lookups.fail(ip);
        }
        split(result, context)
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

    fn book(
        &self,
        request: BookingRequest,
        idempotency_key: String,
    ) -> BoxFuture<'_, Result<Result<BookingView, BookingProblem>, AppError>> {
        Box::pin(async move {
            let key = Some(idempotency_key.as_str()).filter(|k| !k.is_empty() && k.len() <= 100);
            split(self.desk.book(&request, key, now()).await, "book")
        })
    }

    fn find(
        &self,
        code: String,
        id_last4: String,
        client: String,
    ) -> BoxFuture<'_, Result<Result<BookingView, BookingProblem>, AppError>> {
        Box::pin(async move {
            self.guarded(&client, self.desk.find(&code, &id_last4), "find booking")
                .await
        })
    }

    fn cancel(
        &self,
        code: String,
        id_last4: String,
        client: String,
    ) -> BoxFuture<'_, Result<Result<BookingView, BookingProblem>, AppError>> {
        Box::pin(async move {
            self.guarded(
                &client,
                self.desk.cancel(&code, &id_last4, now()),
                "cancel booking",
            )
            .await
        })
    }

    fn reschedule(
        &self,
        code: String,
        id_last4: String,
        start: Moment,
        client: String,
    ) -> BoxFuture<'_, Result<Result<BookingView, BookingProblem>, AppError>> {
        Box::pin(async move {
            self.guarded(
                &client,
                self.desk.reschedule(&code, &id_last4, start, now()),
                "reschedule booking",
            )
            .await
        })
    }

    fn book_second_stage(
        &self,
        code: String,
        id_last4: String,
        start: Moment,
        idempotency_key: String,
        client: String,
    ) -> BoxFuture<'_, Result<Result<BookingView, BookingProblem>, AppError>> {
        Box::pin(async move {
            let key = Some(idempotency_key.as_str()).filter(|k| !k.is_empty() && k.len() <= 100);
            self.guarded(
                &client,
                self.desk
                    .book_second_stage(&code, &id_last4, start, key, now()),
                "book second stage",
            )
            .await
        })
    }
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
    lookups: &Arc<LookupGuard>,
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
        booking: Arc::new(GuardedDesk {
            desk: desk.clone(),
            lookups: lookups.clone(),
        }),
    }
}
