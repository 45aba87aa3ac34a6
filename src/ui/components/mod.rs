pub mod content_list;
pub mod countdown;
pub mod errors;
pub mod file_picker;
pub mod loaded;
pub mod phone;
pub mod results;
pub mod search_form;
