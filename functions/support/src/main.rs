#[tokio::main]
async fn main() -> Result<(), vsys::lambda::Error> {
    vsys::lambda::serve(vsys_support::area).await
}
