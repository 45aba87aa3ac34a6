pub mod content_list;
pub mod errors;
pub mod results;
pub mod search_form;
