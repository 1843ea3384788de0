//! `congbo schema`: the JSON Schema of front matter, for editors' tools.

use super::Outcome;

pub fn run() -> Outcome {
    println!("{}", congbo::content::schema::document_schema());
    Ok(())
}
