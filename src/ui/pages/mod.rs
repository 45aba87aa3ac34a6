pub mod article;
pub mod home;
pub mod not_found;
pub mod portal;
pub mod search;
pub mod section;
