//! Creates the table, the bucket and the mail identity exactly as the template
//! declares them (local stack and tests; in AWS, CloudFormation does this).

use crate::error::{AppError, AppResult};
use crate::store::sdk_err;
use crate::template::TableDef;
use aws_sdk_dynamodb::error::ProvideErrorMetadata;
use aws_sdk_dynamodb::types::{
    AttributeDefinition, BillingMode, GlobalSecondaryIndex, KeySchemaElement, KeyType, Projection,
    ProjectionType, ScalarAttributeType, TimeToLiveSpecification,
};

fn keys(k: &[(String, String)]) -> Vec<KeySchemaElement> {
    k.iter()
        .map(|(a, t)| {
            KeySchemaElement::builder()
                .attribute_name(a)
                .key_type(KeyType::from(t.as_str()))
                .build()
                .expect("key element")
        })
        .collect()
}

/// Creates the table (with the given name) unless it exists, and turns on TTL.
pub async fn create_table(
    ddb: &aws_sdk_dynamodb::Client,
    def: &TableDef,
    name: &str,
) -> AppResult<bool> {
    let mut req = ddb
        .create_table()
        .table_name(name)
        .billing_mode(BillingMode::PayPerRequest)
        .set_key_schema(Some(keys(&def.key)));
    for (a, t) in &def.attributes {
        req = req.attribute_definitions(
            AttributeDefinition::builder()
                .attribute_name(a)
                .attribute_type(ScalarAttributeType::from(t.as_str()))
                .build()
                .map_err(AppError::internal)?,
        );
    }
    for index in &def.indexes {
        req = req.global_secondary_indexes(
            GlobalSecondaryIndex::builder()
                .index_name(&index.name)
                .set_key_schema(Some(keys(&index.key)))
                .projection(
                    Projection::builder()
                        .projection_type(ProjectionType::from(index.projection.as_str()))
                        .set_non_key_attributes(
                            (!index.included.is_empty()).then(|| index.included.clone()),
                        )
                        .build(),
                )
                .build()
                .map_err(AppError::internal)?,
        );
    }
    match req.send().await {
        Ok(_) => {}
        Err(e) if e.code() == Some("ResourceInUseException") => return Ok(false),
        Err(e) => return Err(sdk_err(e)),
    }
    ddb.update_time_to_live()
        .table_name(name)
        .time_to_live_specification(
            TimeToLiveSpecification::builder()
                .attribute_name(&def.ttl_attribute)
                .enabled(true)
                .build()
                .map_err(AppError::internal)?,
        )
        .send()
        .await
        .map_err(sdk_err)?;
    Ok(true)
}

pub async fn delete_table(ddb: &aws_sdk_dynamodb::Client, name: &str) -> AppResult<()> {
    match ddb.delete_table().table_name(name).send().await {
        Ok(_) => Ok(()),
        Err(e) if e.code() == Some("ResourceNotFoundException") => Ok(()),
        Err(e) => Err(sdk_err(e)),
    }
}

/// Creates the private documents bucket unless it exists.
pub async fn create_bucket(s3: &aws_sdk_s3::Client, name: &str, region: &str) -> AppResult<()> {
    use aws_sdk_s3::types::{
        BucketLocationConstraint, CreateBucketConfiguration, PublicAccessBlockConfiguration,
    };
    let res = s3
        .create_bucket()
        .bucket(name)
        .create_bucket_configuration(
            CreateBucketConfiguration::builder()
                .location_constraint(BucketLocationConstraint::from(region))
                .build(),
        )
        .send()
        .await;
    match res {
        Ok(_) => {}
        Err(e)
            if matches!(
                e.code(),
                Some("BucketAlreadyOwnedByYou") | Some("BucketAlreadyExists")
            ) =>
        {
            return Ok(())
        }
        Err(e) => return Err(sdk_err(e)),
    }
    s3.put_public_access_block()
        .bucket(name)
        .public_access_block_configuration(
            PublicAccessBlockConfiguration::builder()
                .block_public_acls(true)
                .block_public_policy(true)
                .ignore_public_acls(true)
                .restrict_public_buckets(true)
                .build(),
        )
        .send()
        .await
        .map_err(sdk_err)?;
    Ok(())
}

/// Registers the sender identity with SES unless it is there.
pub async fn create_mail_identity(ses: &aws_sdk_sesv2::Client, identity: &str) -> AppResult<()> {
    match ses
        .create_email_identity()
        .email_identity(identity)
        .send()
        .await
    {
        Ok(_) => Ok(()),
        Err(e) if e.code() == Some("AlreadyExistsException") => Ok(()),
        Err(e) => Err(sdk_err(e)),
    }
}

/// Lets the browser app at `origin` PUT a file to a presigned URL (the
/// template's CorsConfiguration of the documents bucket, for the emulator).
pub async fn allow_uploads_from(s3: &aws_sdk_s3::Client, bucket: &str, origin: &str) -> AppResult<()> {
    use aws_sdk_s3::types::{CorsConfiguration, CorsRule};
    let rule = CorsRule::builder()
        .allowed_origins(origin)
        .allowed_methods("PUT")
        .allowed_headers("Content-Type")
        .max_age_seconds(600)
        .build()
        .map_err(AppError::internal)?;
    s3.put_bucket_cors()
        .bucket(bucket)
        .cors_configuration(CorsConfiguration::builder().cors_rules(rule).build().map_err(AppError::internal)?)
        .send()
        .await
        .map_err(sdk_err)?;
    Ok(())
}
