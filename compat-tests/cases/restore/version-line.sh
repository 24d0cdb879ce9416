# desc: a -v line inside -R prints the version and exits 0; a --version line likewise
# divergence: version
# normalize: s/ipvsadm-rs [0-9][^ ,]*/ipvsadm-rs VERSION/
ipvsadm -R <<'EOF'
-A -t 10.0.0.142:80
-v
-A -t 10.0.0.143:80
EOF
echo "rc=$?"
ipvsadm -R <<'EOF'
--version
EOF
echo "rc=$?"
ipvsadm -Ln
