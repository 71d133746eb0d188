import type { CodeCase } from './codeCase';

/** ruby: each line ending in a FINDING comment must be found, and no other line. */
export const RUBY_CASES: CodeCase[] = [
  {
    item: 'ruby.delivery.http-timeouts',
    file: 'app/services/client.rb',
    source: `class Client
  def fetch(uri)
    Net::HTTP.get(uri) # FINDING
    Net::HTTP.post_form(uri, "q" => "x") # FINDING
    Net::HTTP.start(uri.host, uri.port, use_ssl: true) { |http| http.get(uri.path) } # FINDING
    Net::HTTP.start(uri.host, uri.port, open_timeout: 2, read_timeout: 5) { |http| http.get(uri.path) }
    Net::HTTP.start(uri.host, uri.port) { |http| http.read_timeout = 5; http.get(uri.path) }
    cache.get(uri)
    # Net::HTTP.get(uri) in a comment
  end
end
`,
  },
  {
    item: 'ruby.risk.mass-assignment',
    file: 'app/controllers/users_controller.rb',
    source: `class UsersController < ApplicationController
  def update
    @user.update(params.require(:user).permit!) # FINDING
    attrs = params.to_unsafe_h # FINDING
    @user.update(params.require(:user).permit(:name, :email))
  end
end
`,
  },
  {
    item: 'ruby.risk.injection',
    file: 'app/models/user.rb',
    source: `class User < ApplicationRecord
  def self.search(params)
    where("name = '#{params[:name]}'") # FINDING
    User.order("#{params[:sort]} desc") # FINDING
    find_by_sql("select * from users where id = #{params[:id]}") # FINDING
    connection.execute("delete from users where id = #{params[:id]}") # FINDING
    obj = Marshal.load(cookies[:data]) # FINDING
    cfg = YAML.unsafe_load(params[:yaml]) # FINDING
    where("name = ?", params[:name])
    where(name: params[:name])
    order("created_at desc")
    find_by_sql(["select * from users where id = ?", params[:id]])
    cfg = YAML.safe_load(params[:yaml])
    cfg = YAML.load(params[:yaml])
    logger.info("searched #{params[:name]}")
    # rubygems.org's Oidc::ApiKeyRole: the model's own table name, the value bound with ?.
    where("(#{arel_table.name}.api_key_permissions->'gems')::jsonb @> ?", gems)
    where("#{table_name}.id = ?", id)
    joins("JOIN #{quoted_table_name} AS parents ON parents.id = #{table_name}.parent_id")
    where("#{quoted_table_name}.id = #{params[:id]}") # FINDING
    User.where("email ilike '%#{domain}'") # FINDING
    where("a = #{params[:a]} and b = #{params[:b]}") # FINDING
  end
end
`,
  },
];
