#[tokio::main]
async fn main() -> Result<(), vsys::lambda::Error> {
    vsys::lambda::serve(vsys_residents::area).await
}
