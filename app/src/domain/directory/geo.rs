//! Points on the Earth: distance between two WGS-84 points, and the GCJ-02 offset that Chinese map
//! services (AMap, Tencent) apply, so a WGS-84 point from a data file lands on the right spot of
//! their maps and a point picked on their map can be stored as WGS-84.

use serde::{Deserialize, Serialize};
use std::f64::consts::PI;
use std::fmt;

/// Mean Earth radius (IUGG, R1 = (2a + b) / 3 of WGS-84), metres.
pub const EARTH_MEAN_RADIUS_M: f64 = 6_371_008.8;

/// A WGS-84 point in degrees.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct LatLng {
    pub lat: f64,
    pub lng: f64,
}

/// Why a point was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum GeoError {
    #[error("a location is two numbers, latitude,longitude")]
    NotTwoNumbers,
    #[error("latitude must be between -90 and 90")]
    LatitudeOutOfRange,
    #[error("longitude must be between -180 and 180")]
    LongitudeOutOfRange,
}

impl LatLng {
    /// A point with latitude in -90..=90 and longitude in -180..=180.
    pub fn new(lat: f64, lng: f64) -> Result<LatLng, GeoError> {
        if !(-90.0..=90.0).contains(&lat) {
            return Err(GeoError::LatitudeOutOfRange);
        }
        if !(-180.0..=180.0).contains(&lng) {
            return Err(GeoError::LongitudeOutOfRange);
        }
        Ok(LatLng { lat, lng })
    }

    /// Reads `lat,lng` (`24.9196,102.4784`; spaces and a full-width comma are accepted).
    pub fn parse(text: &str) -> Result<LatLng, GeoError> {
        let (lat, lng) = text
            .split_once([',', '，'])
            .ok_or(GeoError::NotTwoNumbers)?;
        let number = |t: &str| {
            t.trim()
                .parse::<f64>()
                .ok()
                .filter(|x| x.is_finite())
                .ok_or(GeoError::NotTwoNumbers)
        };
        LatLng::new(number(lat)?, number(lng)?)
    }
}

/// `lat,lng`, as [`LatLng::parse`] reads it.
impl fmt::Display for LatLng {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{},{}", self.lat, self.lng)
    }
}

/// Great-circle distance in metres (haversine on a sphere of the mean Earth radius; within 0.5%
/// of the ellipsoidal distance, plenty for "which station is nearest").
pub fn distance_m(a: LatLng, b: LatLng) -> f64 {
    let (phi1, phi2) = (a.lat.to_radians(), b.lat.to_radians());
    let d_phi = phi2 - phi1;
    let d_lambda = (b.lng - a.lng).to_radians();
    let h = (d_phi / 2.0).sin().powi(2) + phi1.cos() * phi2.cos() * (d_lambda / 2.0).sin().powi(2);
    2.0 * EARTH_MEAN_RADIUS_M * h.sqrt().min(1.0).asin()
}

/// Whether a point lies in the rough box around mainland China, Hainan and Taiwan where the
/// GCJ-02 offset applies (the box the published algorithm uses).
pub fn gcj02_applies(lat: f64, lng: f64) -> bool {
    (72.004..=137.8347).contains(&lng) && (0.8293..=55.8271).contains(&lat)
}

/// Whether a point is inside China's extent, 3.8°–53.6° N (from the South China Sea islands to the
/// Heilongjiang) and 73.4°–135.1° E: the check for facility coordinates in data files.
pub fn in_china_bounding_box(p: LatLng) -> bool {
    (3.8..=53.6).contains(&p.lat) && (73.4..=135.1).contains(&p.lng)
}

// The published WGS-84 → GCJ-02 algorithm (the one circulated since 2009 and used by
// eviltransform and coordtransform): Krasovsky 1940 ellipsoid parameters and these polynomials.
// It writes π as 3.1415926535897932384626, the same double as `PI`.
const KRASOVSKY_A: f64 = 6_378_245.0;
/// First eccentricity squared, written as published so it can be compared with the source.
#[allow(clippy::excessive_precision)]
const KRASOVSKY_EE: f64 = 0.006_693_421_622_965_943_23;

fn offset_lat(x: f64, y: f64) -> f64 {
    let mut r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * x.abs().sqrt();
    r += (20.0 * (6.0 * x * PI).sin() + 20.0 * (2.0 * x * PI).sin()) * 2.0 / 3.0;
    r += (20.0 * (y * PI).sin() + 40.0 * (y / 3.0 * PI).sin()) * 2.0 / 3.0;
    r += (160.0 * (y / 12.0 * PI).sin() + 320.0 * (y * PI / 30.0).sin()) * 2.0 / 3.0;
    r
}

fn offset_lng(x: f64, y: f64) -> f64 {
    let mut r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * x.abs().sqrt();
    r += (20.0 * (6.0 * x * PI).sin() + 20.0 * (2.0 * x * PI).sin()) * 2.0 / 3.0;
    r += (20.0 * (x * PI).sin() + 40.0 * (x / 3.0 * PI).sin()) * 2.0 / 3.0;
    r += (150.0 * (x / 12.0 * PI).sin() + 300.0 * (x / 30.0 * PI).sin()) * 2.0 / 3.0;
    r
}

/// WGS-84 to GCJ-02 (`(lat, lng)` in degrees). Points outside China are returned unchanged.
pub fn wgs84_to_gcj02(lat: f64, lng: f64) -> (f64, f64) {
    if !gcj02_applies(lat, lng) {
        return (lat, lng);
    }
    let d_lat = offset_lat(lng - 105.0, lat - 35.0);
    let d_lng = offset_lng(lng - 105.0, lat - 35.0);
    let rad_lat = lat / 180.0 * PI;
    let magic = 1.0 - KRASOVSKY_EE * rad_lat.sin().powi(2);
    let sqrt_magic = magic.sqrt();
    let d_lat =
        (d_lat * 180.0) / ((KRASOVSKY_A * (1.0 - KRASOVSKY_EE)) / (magic * sqrt_magic) * PI);
    let d_lng = (d_lng * 180.0) / (KRASOVSKY_A / sqrt_magic * rad_lat.cos() * PI);
    (lat + d_lat, lng + d_lng)
}

/// GCJ-02 to WGS-84 (`(lat, lng)` in degrees), by fixed-point iteration on the forward
/// transform: converges to far below a centimetre in a few steps. Points outside China are
/// returned unchanged.
pub fn gcj02_to_wgs84(lat: f64, lng: f64) -> (f64, f64) {
    if !gcj02_applies(lat, lng) {
        return (lat, lng);
    }
    let (mut w_lat, mut w_lng) = (lat, lng);
    for _ in 0..30 {
        let (g_lat, g_lng) = wgs84_to_gcj02(w_lat, w_lng);
        let (e_lat, e_lng) = (g_lat - lat, g_lng - lng);
        w_lat -= e_lat;
        w_lng -= e_lng;
        if e_lat.abs() < 1e-10 && e_lng.abs() < 1e-10 {
            break;
        }
    }
    (w_lat, w_lng)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn p(lat: f64, lng: f64) -> LatLng {
        LatLng::new(lat, lng).unwrap()
    }

    #[test]
    fn distances_match_known_figures() {
        // One degree of arc on the mean sphere: 2πR / 360.
        assert!((distance_m(p(0.0, 0.0), p(0.0, 1.0)) - 111_195.080).abs() < 0.01);
        assert!((distance_m(p(0.0, 0.0), p(1.0, 0.0)) - 111_195.080).abs() < 0.01);
        // Pole to pole: πR.
        assert!((distance_m(p(90.0, 0.0), p(-90.0, 0.0)) - 20_015_114.442).abs() < 0.01);
        // Land's End to John o' Groats: 968.9 km with R = 6371 km in Chris Veness's worked example
        // ("Calculate distance, bearing and more between Latitude/Longitude points",
        // movable-type.co.uk), so 968,855 m with our R.
        let lands_end = p(
            50.0 + 3.0 / 60.0 + 59.0 / 3600.0,
            -(5.0 + 42.0 / 60.0 + 53.0 / 3600.0),
        );
        let john_o_groats = p(
            58.0 + 38.0 / 60.0 + 38.0 / 3600.0,
            -(3.0 + 4.0 / 60.0 + 12.0 / 3600.0),
        );
        let d = distance_m(lands_end, john_o_groats);
        assert!(
            (d * 6_371_000.0 / EARTH_MEAN_RADIUS_M - 968_900.0).abs() < 100.0,
            "{d}"
        );
        // Beijing to Shanghai city centres, about 1,067 km.
        let d = distance_m(p(39.9042, 116.4074), p(31.2304, 121.4737));
        assert!((d - 1_067_312.0).abs() < 1.0, "{d}");
        assert_eq!(distance_m(p(24.9, 102.5), p(24.9, 102.5)), 0.0);
    }

    #[test]
    fn wgs84_to_gcj02_matches_published_reference_points() {
        // The test in wandergis/coordtransform (test/app.js): wgs84togcj02(116.404, 39.915) gives
        // [116.41024449916938, 39.91640428150164].
        let (lat, lng) = wgs84_to_gcj02(39.915, 116.404);
        assert!((lat - 39.916_404_281_501_64).abs() < 1e-9, "{lat}");
        assert!((lng - 116.410_244_499_169_38).abs() < 1e-9, "{lng}");
        // The test table of googollee/eviltransform (python/test.py), Shanghai and Shenzhen.
        for (w_lat, w_lng, g_lat, g_lng) in [
            (31.1774276, 121.5272106, 31.17530398364597, 121.531541859215),
            (22.543847, 113.912316, 22.540796131694766, 113.9171764808363),
        ] {
            let (lat, lng) = wgs84_to_gcj02(w_lat, w_lng);
            assert!(
                (lat - g_lat).abs() < 1e-9 && (lng - g_lng).abs() < 1e-9,
                "{lat},{lng}"
            );
        }
        // The commonly quoted Tiananmen pair, WGS-84 39.90734, 116.39089 to GCJ-02 about 39.90874,
        // 116.39713 (computed here: 39.908741069, 116.397130942).
        let (lat, lng) = wgs84_to_gcj02(39.90734, 116.39089);
        assert!(
            (lat - 39.90874).abs() < 5e-6 && (lng - 116.39713).abs() < 5e-6,
            "{lat},{lng}"
        );
        let (lat, lng) = gcj02_to_wgs84(39.908_741_07, 116.397_130_94);
        assert!(distance_m(p(lat, lng), p(39.90734, 116.39089)) < 0.01);
    }

    #[test]
    fn points_outside_china_are_not_shifted() {
        for (lat, lng) in [
            (35.6812, 139.7671),
            (51.5074, -0.1278),
            (-33.8688, 151.2093),
        ] {
            assert_eq!(wgs84_to_gcj02(lat, lng), (lat, lng));
            assert_eq!(gcj02_to_wgs84(lat, lng), (lat, lng));
        }
    }

    #[test]
    fn locations_parse_and_refuse_out_of_range_values() {
        assert_eq!(LatLng::parse("24.9196,102.4784"), Ok(p(24.9196, 102.4784)));
        assert_eq!(
            LatLng::parse(" 24.9196 ， 102.4784 "),
            Ok(p(24.9196, 102.4784))
        );
        assert_eq!(LatLng::parse("-90,180"), Ok(p(-90.0, 180.0)));
        assert_eq!(LatLng::parse("91,100"), Err(GeoError::LatitudeOutOfRange));
        assert_eq!(LatLng::parse("24,181"), Err(GeoError::LongitudeOutOfRange));
        for bad in ["", "24.9", "a,b", "NaN,1", "inf,1", "24.9;102.4"] {
            assert_eq!(LatLng::parse(bad), Err(GeoError::NotTwoNumbers), "{bad}");
        }
        let q = p(38.8671, 115.4646);
        assert_eq!(LatLng::parse(&q.to_string()), Ok(q));
        assert!(in_china_bounding_box(q));
        assert!(!in_china_bounding_box(p(35.68, 139.77)));
    }

    proptest! {
        #[test]
        fn gcj02_to_wgs84_undoes_the_offset_within_half_a_metre(
            lat in 18.0f64..53.5, lng in 73.5f64..135.0,
        ) {
            let (g_lat, g_lng) = wgs84_to_gcj02(lat, lng);
            let (w_lat, w_lng) = gcj02_to_wgs84(g_lat, g_lng);
            let error = distance_m(p(lat, lng), p(w_lat, w_lng));
            prop_assert!(error < 0.5, "{} m", error);
            // The offset itself is a few hundred metres at most.
            prop_assert!(distance_m(p(lat, lng), p(g_lat, g_lng)) < 1_000.0);
        }

        #[test]
        fn distance_is_symmetric_and_obeys_the_triangle_inequality(
            a in (-89.0f64..89.0, -179.0f64..179.0),
            b in (-89.0f64..89.0, -179.0f64..179.0),
            c in (-89.0f64..89.0, -179.0f64..179.0),
        ) {
            let (a, b, c) = (p(a.0, a.1), p(b.0, b.1), p(c.0, c.1));
            prop_assert!((distance_m(a, b) - distance_m(b, a)).abs() < 1e-6);
            prop_assert!(distance_m(a, c) <= distance_m(a, b) + distance_m(b, c) + 1e-6);
        }
    }
}
