//! The place record and its kind. Also compiled into `build.rs` (via `#[path]`).

/// Index of a place in the gazetteer (stable only within one build of the data).
pub type PlaceId = u32;

/// What sort of thing a place is, coarser than the GeoNames feature code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PlaceKind {
    /// A sovereign country (GeoNames PCLI).
    Country,
    /// A first-level administrative area: governorate, province, state (ADM1).
    Admin1,
    /// A capital or province seat, or a place of 100,000 people or more.
    City,
    /// A populated place of 10,000 people or more, or a district seat (PPLA2).
    Town,
    /// Any other populated place.
    Village,
    /// A section of a populated place (PPLX) or a named quarter.
    Neighbourhood,
    /// A military or transport site: air base, airport, border crossing, port, oil field.
    Facility,
    /// A named region without administrative standing ("the Jazira", "Eastern Ghouta").
    Region,
}

impl PlaceKind {
    /// The lower-case name used in the data files (`supplement.tsv` "kind" column).
    pub fn as_str(self) -> &'static str {
        match self {
            PlaceKind::Country => "country",
            PlaceKind::Admin1 => "admin1",
            PlaceKind::City => "city",
            PlaceKind::Town => "town",
            PlaceKind::Village => "village",
            PlaceKind::Neighbourhood => "neighbourhood",
            PlaceKind::Facility => "facility",
            PlaceKind::Region => "region",
        }
    }

    /// Parse the data-file name of a kind (inverse of [`PlaceKind::as_str`]).
    pub fn parse(s: &str) -> Option<PlaceKind> {
        Some(match s.trim().to_ascii_lowercase().as_str() {
            "country" => PlaceKind::Country,
            "admin1" | "province" | "governorate" => PlaceKind::Admin1,
            "city" => PlaceKind::City,
            "town" => PlaceKind::Town,
            "village" => PlaceKind::Village,
            "neighbourhood" | "neighborhood" => PlaceKind::Neighbourhood,
            "facility" => PlaceKind::Facility,
            "region" => PlaceKind::Region,
            _ => return None,
        })
    }

    /// Parse exactly the output of [`PlaceKind::as_str`] (no allocation; for the compiled-in table).
    pub fn parse_exact(s: &str) -> Option<PlaceKind> {
        Some(match s {
            "country" => PlaceKind::Country,
            "admin1" => PlaceKind::Admin1,
            "city" => PlaceKind::City,
            "town" => PlaceKind::Town,
            "village" => PlaceKind::Village,
            "neighbourhood" => PlaceKind::Neighbourhood,
            "facility" => PlaceKind::Facility,
            "region" => PlaceKind::Region,
            _ => return None,
        })
    }

    /// The kind GeoNames data implies, from feature code and population.
    pub fn from_feature(feature_class: char, feature_code: &str, population: u64) -> PlaceKind {
        match (feature_class, feature_code) {
            ('A', c) if c.starts_with("PCL") => PlaceKind::Country,
            ('A', "ADM1") => PlaceKind::Admin1,
            ('A', _) | ('L', _) | ('T', _) | ('H', _) => PlaceKind::Region,
            ('S', _) => PlaceKind::Facility,
            (_, "PPLX") => PlaceKind::Neighbourhood,
            (_, "PPLC") | (_, "PPLA") => PlaceKind::City,
            _ if population >= 100_000 => PlaceKind::City,
            (_, "PPLA2") => PlaceKind::Town,
            _ if population >= 10_000 => PlaceKind::Town,
            _ => PlaceKind::Village,
        }
    }

    /// Whether this kind is a populated place (city, town, village or quarter).
    pub fn is_populated(self) -> bool {
        matches!(
            self,
            PlaceKind::City | PlaceKind::Town | PlaceKind::Village | PlaceKind::Neighbourhood
        )
    }
}

/// One gazetteer entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// GeoNames id; `None` for the hand-made supplement and facilities.
    pub geonames_id: Option<u64>,
    /// Display name (GeoNames' name, or the supplement's first name).
    pub name: String,
    /// Latitude, WGS84 degrees.
    pub lat: f64,
    /// Longitude, WGS84 degrees.
    pub lon: f64,
    /// GeoNames feature class: 'P' populated place, 'A' administrative, 'S' site, 'L' area.
    pub feature_class: char,
    /// GeoNames feature code: PPL, PPLA, PPLC, PPLX, ADM1, PCLI, AIRB, MILB ...
    pub feature_code: String,
    /// ISO 3166-1 alpha-2 country code.
    pub country: String,
    /// Name of the first-level administrative area it lies in, when known.
    pub admin1: Option<String>,
    /// Population (0 when unknown; for an ADM1 the sum of its listed places).
    pub population: u64,
    /// Coarse kind.
    pub kind: PlaceKind,
}

impl Place {
    /// A sea, gulf, bay or strait: named by people far from it, and belonging to
    /// no one country.
    pub fn is_open_water(&self) -> bool {
        matches!(self.feature_code.as_str(), "SEA" | "GULF" | "STRT" | "BAY")
    }
}
