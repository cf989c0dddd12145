use lambda_runtime::{service_fn, LambdaEvent};

#[derive(serde::Deserialize)]
struct Invocation {
    job: String,
}

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    vsys::logging::init();
    let app = vsys::App::from_env().await?;
    lambda_runtime::run(service_fn(|ev: LambdaEvent<Invocation>| {
        let app = app.clone();
        async move {
            vsys_scheduler::run(&app, &ev.payload.job)
                .await
                .map_err(|e| lambda_runtime::Error::from(e.to_string()))
        }
    }))
    .await
}
