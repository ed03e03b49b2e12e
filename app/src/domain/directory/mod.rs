//! The facilities directory: funeral homes, cemeteries and columbaria, volunteer and social-work
//! stations. Pure types and rules shared by the server and the pages: what a facility is, when it
//! is open, how far it is, what its basic services cost and who gets them free, how a search
//! filters and sorts, and how staff files of facilities are checked, read and written.

/// An enum whose variants have stable snake_case keys, used in files, URLs and the API: derives
/// serde as those keys and adds `ALL`, `key()`, `parse()` and `Display`.
macro_rules! keyed_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $($(#[$vmeta:meta])* $variant:ident => $key:literal,)*
        }
    ) => {
        $(#[$meta])*
        #[derive(
            Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash,
            serde::Serialize, serde::Deserialize,
        )]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $key)] $variant,)*
        }

        impl $name {
            /// Every value, in a sensible display order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];

            /// The stable key used in files, URLs and the API.
            pub fn key(self) -> &'static str {
                match self {
                    $($name::$variant => $key,)*
                }
            }

            /// The value with this key, or `None`.
            pub fn parse(key: &str) -> Option<$name> {
                match key {
                    $($key => Some($name::$variant),)*
                    _ => None,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.key())
            }
        }
    };
}

pub mod facility;
pub mod geo;
pub mod hours;
pub mod import;
pub mod prices;
pub mod search;
pub mod words;
