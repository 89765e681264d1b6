# Confluent's own Terraform provider (confluentinc/confluent) driving cflink: an environment, a
# Flink compute pool, a service account allowed to run statements there, its Flink API key, and
# two statements run as it — a CREATE TABLE and a continuous INSERT. The provider talks to cflink
# through its endpoint overrides: `endpoint` for the control plane (org, iam, fcpm) and each
# statement's `rest_endpoint` for sql/v1. How to run it: README.md, "Terraform".

terraform {
  required_providers {
    confluent = {
      source = "confluentinc/confluent"
    }
  }
}

variable "cflink_url" {
  description = "The cflink API (scripts/run.sh prints it); its regions advertise it as their Flink endpoint (CFLINK_PUBLIC_URL)."
  type        = string
  default     = "http://127.0.0.1:8080"
}

variable "cflink_api_key" {
  description = "A cloud API key of an OrganizationAdmin (the local bootstrap key of scripts/run.sh works)."
  type        = string
}

variable "cflink_api_secret" {
  type      = string
  sensitive = true
}

variable "insert_stopped" {
  description = "Set to true and apply to stop the INSERT (with a savepoint); back to false to resume it."
  type        = bool
  default     = false
}

provider "confluent" {
  endpoint         = var.cflink_url
  cloud_api_key    = var.cflink_api_key
  cloud_api_secret = var.cflink_api_secret
}

# The provider finds the organization through its environments, so read it once one exists (a
# fresh cflink has none; Confluent Cloud starts with a default one).
data "confluent_organization" "main" {
  depends_on = [confluent_environment.demo]
}

resource "confluent_environment" "demo" {
  display_name = "tf-demo"
}

resource "confluent_flink_compute_pool" "main" {
  display_name = "tf-pool"
  cloud        = "AWS"
  region       = "us-east-1"
  max_cfu      = 10
  environment {
    id = confluent_environment.demo.id
  }
}

resource "confluent_service_account" "etl" {
  display_name = "tf-etl"
  description  = "Runs the demo statements"
}

# EnvironmentAdmin covers the pools and statements of the environment and the data-plane rights a
# statement needs on its tables (create the table, write it). FlinkDeveloper on the pool plus
# DeveloperManage/DeveloperWrite on the table's topic is the narrower alternative (README, "Roles").
resource "confluent_role_binding" "etl_environment_admin" {
  principal   = "User:${confluent_service_account.etl.id}"
  role_name   = "EnvironmentAdmin"
  crn_pattern = confluent_environment.demo.resource_name
}

data "confluent_flink_region" "main" {
  cloud  = "AWS"
  region = "us-east-1"
}

# A Flink API key of the service account for the region of the pool, scoped to the environment.
resource "confluent_api_key" "etl_flink" {
  display_name = "tf-etl-flink"
  owner {
    id          = confluent_service_account.etl.id
    api_version = confluent_service_account.etl.api_version
    kind        = confluent_service_account.etl.kind
  }
  managed_resource {
    id          = data.confluent_flink_region.main.id
    api_version = data.confluent_flink_region.main.api_version
    kind        = data.confluent_flink_region.main.kind
    environment {
      id = confluent_environment.demo.id
    }
  }
}

locals {
  # The environment is the catalog, its Kafka cluster (cluster_0 unless CFLINK_KAFKA_CLUSTER_NAME) the database.
  statement_properties = {
    "sql.current-catalog"  = confluent_environment.demo.display_name
    "sql.current-database" = "cluster_0"
  }
}

resource "confluent_flink_statement" "create_table" {
  organization {
    id = data.confluent_organization.main.id
  }
  environment {
    id = confluent_environment.demo.id
  }
  compute_pool {
    id = confluent_flink_compute_pool.main.id
  }
  principal {
    id = confluent_service_account.etl.id
  }
  statement_name = "tf-create-big-orders"
  statement      = "CREATE TABLE big_orders (order_id STRING, customer_id INT, price DOUBLE)"
  properties     = local.statement_properties
  # The region's Flink endpoint, which cflink advertises as its own URL.
  rest_endpoint = data.confluent_flink_region.main.rest_endpoint
  credentials {
    key    = confluent_api_key.etl_flink.id
    secret = confluent_api_key.etl_flink.secret
  }
  depends_on = [confluent_role_binding.etl_environment_admin]
}

resource "confluent_flink_statement" "copy_big_orders" {
  organization {
    id = data.confluent_organization.main.id
  }
  environment {
    id = confluent_environment.demo.id
  }
  compute_pool {
    id = confluent_flink_compute_pool.main.id
  }
  principal {
    id = confluent_service_account.etl.id
  }
  statement_name = "tf-copy-big-orders"
  statement      = "INSERT INTO big_orders SELECT order_id, customer_id, price FROM examples.marketplace.orders WHERE price > 50"
  properties     = local.statement_properties
  stopped        = var.insert_stopped
  rest_endpoint  = data.confluent_flink_region.main.rest_endpoint
  credentials {
    key    = confluent_api_key.etl_flink.id
    secret = confluent_api_key.etl_flink.secret
  }
  depends_on = [confluent_flink_statement.create_table]
}

output "environment_id" {
  value = confluent_environment.demo.id
}

output "compute_pool_id" {
  value = confluent_flink_compute_pool.main.id
}

output "insert_statement" {
  value = confluent_flink_statement.copy_big_orders.statement_name
}
