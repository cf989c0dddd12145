//! The second yardstick: a hello world that, like every function of ours,
//! loads the AWS configuration and builds one DynamoDB client at start-up.
use lambda_http::{service_fn, Body, Error, Request, Response};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let sdk = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .load()
        .await;
    let ddb = aws_sdk_dynamodb::Client::new(&sdk);
    lambda_http::run(service_fn(move |_req: Request| {
        let _client = ddb.clone();
        async { Ok::<_, Error>(Response::new(Body::from("hello"))) }
    }))
    .await
}
